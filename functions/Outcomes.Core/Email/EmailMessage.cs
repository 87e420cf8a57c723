namespace Outcomes.Core.Email;

/// <summary>
/// One email, with a plain-text and an HTML part. <see cref="Key"/> names what it is about
/// (e.g. "invitation:{clientId}:{date}"): the outbox keeps one email per key, so a second attempt
/// to send the same thing is a no-op. Bodies carry display codes and links, never answers.
/// </summary>
public sealed record EmailMessage(string Key, string To, string Subject, string Text, string Html)
{
    /// <summary>Images the HTML part shows inline (<c>&lt;img src="cid:…"&gt;</c>).</summary>
    public IReadOnlyList<InlineImage> Images { get; init; } = [];
}

/// <summary>An image carried in an email and shown in its HTML by content id.</summary>
public sealed record InlineImage(string ContentId, string ContentType, byte[] Content);

public enum EmailStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>An email in the outbox, with what happened to it.</summary>
public sealed record OutboxEntry(EmailMessage Message, EmailStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? ProviderId, string? LastError);

/// <summary>The outbox: every email is written here before it is sent.</summary>
public interface IOutbox
{
    /// <summary>Adds the email; false when an email with its key is already there (then nothing changes).</summary>
    Task<bool> AddAsync(EmailMessage message, DateTimeOffset at, CancellationToken cancellationToken);

    Task<OutboxEntry?> FindAsync(string key, CancellationToken cancellationToken);

    Task MarkSentAsync(string key, DateTimeOffset at, string? providerId, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; <paramref name="attempts"/> is the count including this one.</summary>
    Task MarkFailedAsync(string key, int attempts, string reason, CancellationToken cancellationToken);
}

/// <summary>Hands an email to a provider (Azure Communication Services, SMTP, or a folder of .eml files).</summary>
public interface IEmailSender
{
    /// <summary>Sends the email; returns the provider's id for it, when it gives one.</summary>
    Task<string?> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>Asks for an outbox email to be sent: the email queue's message, carrying the key only.</summary>
public sealed record EmailRequest(string Key);
