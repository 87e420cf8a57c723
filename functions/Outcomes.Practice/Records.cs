using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Clinical.Scoring;
using Outcomes.Practice.Alerts;

namespace Outcomes.Practice;

/// <summary>
/// A therapist of the clinic. Email is personal data: never logged. The weekly digest goes out on
/// <see cref="DigestDay"/> at <see cref="DigestHour"/> in the therapist's own zone;
/// <see cref="LastDigestFor"/> is the local date of the last scheduled digest sent.
/// </summary>
public sealed record Therapist(
    string Id,
    string Name,
    string Email,
    string TimeZone,
    DateTimeOffset EnrolledAt,
    DayOfWeek DigestDay = DayOfWeek.Monday,
    int DigestHour = 8,
    DateOnly? LastDigestFor = null,
    ProgressEmails ProgressEmails = ProgressEmails.Hourly);

/// <summary>When a therapist hears of progress (reliable improvement, recovery, a confirmed sudden gain, a breakthrough).</summary>
public enum ProgressEmails
{
    /// <summary>In the hourly email, as its "Good news" part, as soon as it is crossed (and in the weekly digest).</summary>
    Hourly,

    /// <summary>In the weekly digest only.</summary>
    WeeklyDigestOnly,
}

/// <summary>A client in an episode of care. Only the display code ever appears in email or logs.</summary>
public sealed record ClientProfile(
    string Id,
    string TherapistId,
    string DisplayCode,
    string Email,
    IReadOnlyList<string> Instruments,
    int CadenceDays,
    string TimeZone,
    DateTimeOffset EnrolledAt,
    ClientStatus Status = ClientStatus.Active)
{
    /// <summary>When the client was discharged (null unless they are): retention counts from here.</summary>
    public DateTimeOffset? DischargedAt { get; init; }

    /// <summary>What the client's therapist chose to share with them of their progress; null: the practice's default.</summary>
    public ProgressSharing? ShareProgress { get; init; }
}

/// <summary>Only active clients are invited; a paused client resumes on their cadence, a discharged one is not invited again.</summary>
public enum ClientStatus
{
    Active,
    Paused,
    Discharged,
}

/// <summary>
/// A questionnaire link. Only the SHA-256 hash of its token is stored. Version is the store's
/// concurrency tag. <see cref="RiskAnswer"/> says whether the answers given through it held a risk
/// answer, so that every page shown for the link afterwards (a reload, a double tap, Back and send
/// again) can show the crisis advice; null for a link not yet answered, or answered before it was kept.
/// </summary>
public sealed record Invitation(
    string ClientId,
    string TherapistId,
    string TokenHash,
    IReadOnlyList<string> Instruments,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt,
    string? ResponseId,
    string? Version = null,
    bool? RiskAnswer = null)
{
    /// <summary>How long after its answer a link still shows its confirmation, even past its expiry: a client who answered just before it reloads the page.</summary>
    public static readonly TimeSpan ConfirmationAfterAnswer = TimeSpan.FromDays(1);

    public bool IsUsed => UsedAt is not null;

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>Whether the link still shows what became of its answers: until it expires, and at least a day after it was answered.</summary>
    public bool ShowsConfirmation(DateTimeOffset now) =>
        UsedAt is { } used && (now < ExpiresAt || now < used + ConfirmationAfterAnswer);
}

/// <summary>A client's submitted answers, per instrument; immutable once stored.</summary>
public sealed record StoredResponse(
    string ClientId,
    string ResponseId,
    string TherapistId,
    DateTimeOffset SubmittedAt,
    IReadOnlyDictionary<string, AnswerSet> Answers);

/// <summary>The scores computed for a response (derived: can always be recomputed from the answers).</summary>
public sealed record ScoreRecord(string ClientId, string ResponseId, DateTimeOffset ScoredAt, IReadOnlyList<InstrumentScore> Scores);

/// <summary>
/// A finding raised once for a client; its key makes a second raise a no-op. A risk alert records
/// each step with its time: raised, emailed to the therapist, acknowledged (by whom), escalated.
/// Version is the store's concurrency tag.
/// </summary>
public sealed record AlertRecord(
    string ClientId,
    string Key,
    FindingKind Kind,
    AlertUrgency Urgency,
    string? InstrumentId,
    string Description,
    string ResponseId,
    DateTimeOffset RaisedAt,
    DateTimeOffset? EmailedAt = null,
    DateTimeOffset? AcknowledgedAt = null,
    string? AcknowledgedBy = null,
    DateTimeOffset? EscalatedAt = null,
    string? Version = null)
{
    public bool IsAcknowledged => AcknowledgedAt is not null;

    /// <summary>What the person who acknowledged a risk alert noted ("called the client"), if anything. Never in an email.</summary>
    public string? AcknowledgementNote { get; init; }

    /// <summary>When a therapist or admin marked this warning sign reviewed, and who ("therapist Dr Own"); it stays reviewed, and anything new is a sign of its own.</summary>
    public DateTimeOffset? ReviewedAt { get; init; }

    /// <inheritdoc cref="ReviewedAt"/>
    public string? ReviewedBy { get; init; }

    public bool IsReviewed => ReviewedAt is not null;

    /// <summary>Whether this alert told the therapist of <paramref name="finding"/>: its own, or the same state since its onset moved (<see cref="AlertPolicy.Tells"/>).</summary>
    public bool Tells(Finding finding) => AlertPolicy.Tells(new ToldFinding(Key, Kind, InstrumentId, CheckInAt), finding);

    /// <summary>The number (from 1) and time of the check-in the finding came from; null for missed check-ins.</summary>
    public int? CheckIn { get; init; }

    /// <inheritdoc cref="CheckIn"/>
    public DateTimeOffset? CheckInAt { get; init; }

    /// <summary>The finding as a reader sees it: which check-in, when (in <paramref name="timeZone"/>), and what.</summary>
    public string Describe(string timeZone) => Email.EmailText.Finding(Description, CheckIn, CheckInAt, timeZone);
}

/// <summary>
/// What a therapist's digest and warning emails need of one client, kept in the therapist's
/// partition so that one query reads a whole caseload. Scoring writes the clinical part (from
/// the client's latest response); <see cref="Invitations"/> is written when a link is issued and
/// <see cref="WarningsSent"/> by the warning-sign run, each by its one owner.
/// </summary>
public sealed record ClientSummary(
    string TherapistId,
    string ClientId,
    string DisplayCode,
    DateTimeOffset? LastResponseAt,
    int Responses,
    IReadOnlyDictionary<string, InstrumentSummary> Instruments,
    string? OpennessTrend)
{
    /// <summary>The findings at the client's latest response: the client's current picture.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Every alert raised for the client, with its acknowledgement.</summary>
    public IReadOnlyList<AlertRecord> Alerts { get; init; } = [];

    /// <summary>The client's most recent questionnaire links, newest last.</summary>
    public IReadOnlyList<IssuedInvitation> Invitations { get; init; } = [];

    /// <summary>Whether the client is active, paused or discharged (discharged clients leave the digest).</summary>
    public ClientStatus Status { get; init; } = ClientStatus.Active;

    /// <summary>Keys of the warning signs already emailed to the therapist.</summary>
    public IReadOnlyList<string> WarningsSent { get; init; } = [];

    /// <summary>When the client last saw their own progress page (<see cref="ProgressSharing"/>), if ever.</summary>
    public DateTimeOffset? ProgressSeenAt { get; init; }

    /// <summary>Questionnaire links in a row that expired unanswered since the latest response.</summary>
    public int MissedInRow(DateTimeOffset now) => MissedCheckIns.InRow(Invitations, LastResponseAt, now);
}

/// <summary>One instrument in a summary: baseline and latest score, and the scores over time for the chart.</summary>
public sealed record InstrumentSummary(double Baseline, double Latest, string? Band, string? ReliableChange, bool? NotOnTrack)
{
    public IReadOnlyList<ScorePoint> Series { get; init; } = [];
}

/// <summary>When a questionnaire link was issued and until when it works.</summary>
public sealed record IssuedInvitation(DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

/// <summary>Missed check-ins (clinical.md): links issued after the latest response that expired unanswered.</summary>
public static class MissedCheckIns
{
    public static int InRow(IEnumerable<IssuedInvitation> invitations, DateTimeOffset? lastResponseAt, DateTimeOffset now) =>
        invitations.Count(i => (lastResponseAt is null || i.IssuedAt > lastResponseAt) && now >= i.ExpiresAt);
}

/// <summary>Everything stored about a client, read with one partition query.</summary>
public sealed record ClientFile(
    ClientProfile? Profile,
    IReadOnlyList<Invitation> Invitations,
    IReadOnlyList<StoredResponse> Responses,
    IReadOnlyList<ScoreRecord> Scores,
    IReadOnlyList<AlertRecord> Alerts)
{
    /// <summary>The responses stored and not yet scored, by response id (each removed with its score).</summary>
    public IReadOnlyList<string> AwaitingScoring { get; init; } = [];

    /// <summary>When the client last saw their progress page, if ever.</summary>
    public ProgressSeen? ProgressSeen { get; init; }

    /// <summary>
    /// How much has been recorded about the client: it only grows (responses, scores and alerts are
    /// never removed, and an alert's steps are only added), so of two reads the later one is never
    /// lower, and two reads with the same revision hold the same records.
    /// </summary>
    public long Revision =>
        Responses.Count + Scores.Count + Alerts.Count + (ProgressSeen?.Views ?? 0)
        + Alerts.Count(a => a.EmailedAt is not null) + Alerts.Count(a => a.AcknowledgedAt is not null) + Alerts.Count(a => a.EscalatedAt is not null);

    /// <summary>The client's responses up to <paramref name="upTo"/>, oldest first, scored afresh from the raw answers with the current rules.</summary>
    public List<ScoredResponse> History(InstrumentCatalog instruments, DateTimeOffset upTo) =>
        Responses
            .Where(r => r.SubmittedAt <= upTo)
            .OrderBy(r => r.SubmittedAt)
            .Select(r => new ScoredResponse(
                r.SubmittedAt,
                r.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => InstrumentScoring.Score(instruments[a.Key], a.Value)).ToList()))
            .ToList();
}

/// <summary>The client's views of their own progress page: the latest, and how many were recorded (it only grows). Version is the store's concurrency tag.</summary>
public sealed record ProgressSeen(DateTimeOffset At, int Views, string? Version = null);

/// <summary>The queue message that asks for a stored response to be scored: ids only.</summary>
public sealed record ScoreRequest(string ClientId, string ResponseId);

/// <summary>A stored response not yet scored, as the redrive finds it: how often it was asked for again, and when it may be next.</summary>
public sealed record AwaitingScoring(ScoreRequest Request, int Redrives, DateTimeOffset? NextRedriveAt);

/// <summary>The alerts queue's message: email the therapist, or — <see cref="EscalateNow"/> — their email was not delivered (<see cref="Problem"/> says how), so the duty contact now.</summary>
public sealed record AlertRequest(string ClientId, string AlertKey, bool EscalateNow = false, string? Problem = null);
