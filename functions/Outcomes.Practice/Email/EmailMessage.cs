namespace Outcomes.Practice.Email;

/// <summary>
/// One email, with a plain-text and an HTML part. <see cref="Key"/> names what it is about
/// (e.g. "invitation:{clientId}:{date}"): the outbox keeps one email per key, so a second attempt
/// to send the same thing is a no-op. Bodies carry display codes and links, never answers.
/// </summary>
public sealed record EmailMessage(string Key, string To, string Subject, string Text, string Html)
{
    /// <summary>Images the HTML part shows inline (<c>&lt;img src="cid:…"&gt;</c>).</summary>
    public IReadOnlyList<InlineImage> Images { get; init; } = [];

    /// <summary>A risk alert or its escalation: sent on its own lane, ahead of invitations, warning signs and digests, and never paced.</summary>
    public bool Urgent { get; init; }

    /// <summary>When the email was first put in the outbox (set by the outbox): a provider's de-duplication window starts here.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The clients it names (ids), from its <see cref="EmailContent"/>; empty for an email that names none.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>When the answer it reports was given (a risk alert): the answer-to-email time is measured from here.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>The risk alert a therapist's alert email is about: if the email fails or is not delivered, that alert goes to the duty contact at once.</summary>
    public AlertReference? RiskAlert { get; init; }
}

/// <summary>A client's alert, by its client and key.</summary>
public sealed record AlertReference(string ClientId, string AlertKey);

/// <summary>An image carried in an email and shown in its HTML by content id.</summary>
public sealed record InlineImage(string ContentId, string ContentType, byte[] Content);

public enum EmailStatus
{
    /// <summary>Waiting to be sent (or, after a throttled attempt, to be sent again at <see cref="OutboxEntry.NextAttemptAt"/>).</summary>
    Pending,
    Sent,

    /// <summary>The last attempt failed; <see cref="OutboxEntry.LastError"/> says why. A permanent failure is not tried again.</summary>
    Failed,
}

/// <summary>
/// An email in the outbox, with what happened to it. <see cref="SendingUntil"/> is a sender's claim
/// while it hands the email to the provider; <see cref="Version"/> the store's concurrency tag.
/// </summary>
public sealed record OutboxEntry(EmailMessage Message, EmailStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? ProviderId, string? LastError)
{
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>What the provider last reported of it, when it reports delivery.</summary>
    public DeliveryStatus? Delivery { get; init; }

    public DateTimeOffset? SendingUntil { get; init; }
    public bool Permanent { get; init; }
    public string? Version { get; init; }
}

/// <summary>An outbox email not yet sent, as the redrive run lists them.</summary>
public sealed record UnsentEmail(string Key, bool Urgent);

/// <summary>The outbox: every email is written here before it is sent.</summary>
public interface IOutbox
{
    /// <summary>Adds the email; false when an email with its key is already there (then nothing changes).</summary>
    Task<bool> AddAsync(EmailMessage message, DateTimeOffset at, CancellationToken cancellationToken);

    Task<OutboxEntry?> FindAsync(string key, CancellationToken cancellationToken);

    Task MarkSentAsync(string key, DateTimeOffset at, string? providerId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed attempt; <paramref name="attempts"/> is the count including this one. A
    /// <paramref name="permanent"/> failure (the provider refused the address) is not tried again;
    /// otherwise the redrive run tries again from <paramref name="nextAttemptAt"/>.
    /// </summary>
    Task MarkFailedAsync(string key, int attempts, string reason, CancellationToken cancellationToken, bool permanent = false, DateTimeOffset? nextAttemptAt = null);

    /// <summary>Records a throttled attempt: still pending, to be sent from <paramref name="retryAt"/>; the attempt count is unchanged.</summary>
    Task MarkDeferredAsync(string key, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the email for sending until <paramref name="until"/>, only if it is still as
    /// <paramref name="entry"/> was read: false when another sender claimed or sent it meanwhile.
    /// </summary>
    Task<bool> ClaimAsync(OutboxEntry entry, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Notes when the email's queue message becomes visible, so that the redrive run can tell a lost message from a waiting one.</summary>
    Task NoteRequestedAsync(string key, DateTimeOffset visibleAt, CancellationToken cancellationToken);

    /// <summary>
    /// The bulk lane's next sending slot at or after <paramref name="notBefore"/>, <paramref name="interval"/>
    /// after the last one taken, shared by every instance: emails paced to the provider's rate.
    /// </summary>
    Task<DateTimeOffset> TakeSlotAsync(DateTimeOffset notBefore, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>Every email not yet sent (an index kept beside the outbox, so the redrive run never reads every email).</summary>
    Task<IReadOnlyList<UnsentEmail>> ListUnsentAsync(CancellationToken cancellationToken);

    /// <summary>Drops an email from the unsent index (sent, or given up after a day).</summary>
    Task ForgetUnsentAsync(string key, CancellationToken cancellationToken);

    /// <summary>Watches the email for its delivery report, from before it is handed over (a report can come back before the send's answer is written).</summary>
    Task WatchDeliveryAsync(string key, bool urgent, DateTimeOffset from, CancellationToken cancellationToken);

    /// <summary>The email sent with <paramref name="operationId"/> (the id the sender derives from its key); null when there is none.</summary>
    Task<ReportedEmail?> FindByOperationAsync(Guid operationId, CancellationToken cancellationToken);

    /// <summary>Records the email's delivery on it; a delivered email is no longer watched, any other outcome stays listed.</summary>
    Task RecordDeliveryAsync(string key, DeliveryStatus status, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The emails waiting for a delivery report and those reported not delivered.</summary>
    Task<IReadOnlyList<WatchedDelivery>> ListWatchedDeliveriesAsync(CancellationToken cancellationToken);

    /// <summary>Stops watching an email that was never handed over (refused, or given up).</summary>
    Task ForgetDeliveryAsync(string key, CancellationToken cancellationToken);

    /// <summary>Keeps only the metadata of emails sent before <paramref name="sentBefore"/> (their words, images and addresses' text go); returns how many.</summary>
    Task<int> ForgetBodiesAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken);
}

/// <summary>The provider is busy (throttled, 429) or briefly failing (5xx, no answer): try again after <see cref="RetryAfter"/>, which spends no retry.</summary>
public sealed class EmailDeferredException(TimeSpan retryAfter, string reason, Exception? inner = null) : Exception(reason, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The provider refused this email for good (a rejected address, an invalid request): it fails at once with the reason.</summary>
public sealed class EmailRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>Hands an email to a provider (Azure Communication Services, SMTP, or a folder of .eml files).</summary>
public interface IEmailSender
{
    /// <summary>Sends the email; returns the provider's id for it, when it gives one.</summary>
    Task<string?> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>Asks for an outbox email to be sent: the email queues' message, carrying the key only.</summary>
public sealed record EmailRequest(string Key);

/// <summary>
/// The bulk lane's pace: one email every <see cref="Interval"/>, so that bulk email stays inside
/// the provider's limits a minute and an hour (0: no such limit) with room left in both for risk
/// alerts, which are never paced but count against the same limits.
/// </summary>
public sealed record EmailPacing(int MaxPerMinute = 0, int MaxPerHour = 0)
{
    public TimeSpan? Interval
    {
        get
        {
            TimeSpan?[] spacings = [Spacing(MaxPerMinute, TimeSpan.FromMinutes(1)), Spacing(MaxPerHour, TimeSpan.FromHours(1))];
            return spacings.Max();
        }
    }

    /// <summary>What bulk email may use of a limit: a fifth of it (at least one email) is kept for urgent email; a limit of one has nothing to spare.</summary>
    public static int ForBulk(int limit) => limit <= 1 ? limit : limit - Math.Max(1, limit / 5);

    private static TimeSpan? Spacing(int limit, TimeSpan period) => limit > 0 ? period / ForBulk(limit) : null;
}
