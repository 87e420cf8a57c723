using Outcomes.Practice.Digests;

namespace Outcomes.Practice.Email;

/// <summary>
/// What an email is about, to whom, under which outbox key. The words — subject, plain text and
/// HTML — are the rendering adapter's (<see cref="IEmailComposer"/>); bodies carry display codes
/// and links, never answers.
/// </summary>
public abstract record EmailContent(string Key, string To)
{
    /// <summary>A risk alert or its escalation: sent on its own lane, ahead of everything else, and never paced.</summary>
    public virtual bool Urgent => false;

    /// <summary>The clients the email names (ids), kept as data on its outbox row: what erasure goes by, never its words.</summary>
    public abstract IReadOnlyList<string> Names { get; }

    /// <summary>When the answer the email reports was given, for an email that reports one at once (a risk alert).</summary>
    public virtual DateTimeOffset? AnsweredAt => null;

    /// <summary>The risk alert whose therapist this email tells (<see cref="EmailMessage.RiskAlert"/>).</summary>
    public virtual AlertReference? RiskAlert => null;
}

/// <summary>A client's invitation to check in, or its one reminder: the link and the clinic's name only.</summary>
public sealed record InvitationEmailContent(string Key, string To, string ClientId, string ClinicName, string Link, DateTimeOffset ExpiresAt, bool IsReminder)
    : EmailContent(Key, To)
{
    public override IReadOnlyList<string> Names => [ClientId];
}

/// <summary>
/// A client's email when they reach a milestone their therapist chose to email: the milestones'
/// titles and a link to their progress page — no score, no questionnaire named, in the subject or body.
/// </summary>
public sealed record MilestoneEmailContent(string Key, string To, string ClientId, string ClinicName, IReadOnlyList<string> Milestones, string Link, DateTimeOffset LinkEndsAt)
    : EmailContent(Key, To)
{
    public override IReadOnlyList<string> Names => [ClientId];
}

/// <summary>A risk alert to the therapist, at once; <see cref="EscalatesAt"/> is when the duty contact is told (null: nobody is).</summary>
public sealed record RiskAlertEmailContent(string Key, string To, AlertRecord Alert, string DisplayCode, string TimeZone, string AcknowledgeLink, DateTimeOffset? EscalatesAt, string ClinicName)
    : EmailContent(Key, To)
{
    public override bool Urgent => true;

    public override IReadOnlyList<string> Names => [Alert.ClientId];

    public override DateTimeOffset? AnsweredAt => Alert.CheckInAt ?? Alert.RaisedAt;

    public override AlertReference? RiskAlert => new(Alert.ClientId, Alert.Key);

    /// <summary>The client's page in the portal (sign-in required), for the course behind the alert.</summary>
    public string? ClientPageLink { get; init; }
}

/// <summary>
/// A risk alert to the duty contact: unacknowledged after <see cref="After"/>, or — when
/// <see cref="EmailFailed"/> — the therapist's email failed or was not delivered (<see cref="Problem"/> says how).
/// </summary>
public sealed record EscalationEmailContent(string Key, string To, AlertRecord Alert, string DisplayCode, string TherapistName, string TimeZone, string AcknowledgeLink, TimeSpan After, bool EmailFailed)
    : EmailContent(Key, To)
{
    public override bool Urgent => true;

    public override IReadOnlyList<string> Names => [Alert.ClientId];

    /// <summary>What became of the therapist's email, in plain words ("the therapist's mail server refused it (bounced)").</summary>
    public string? Problem { get; init; }
}

/// <summary>
/// A therapist's hourly email: the new warning signs, and — as its own "Good news" part — progress
/// newly crossed; each with its client's display code. Either list may be empty, not both.
/// </summary>
public sealed record WarningSignEmailContent(
    string Key,
    string To,
    string TimeZone,
    IReadOnlyList<(string DisplayCode, AlertRecord Alert)> Warnings,
    string PortalLink,
    string ClinicName,
    IReadOnlyList<(string DisplayCode, AlertRecord Alert)> GoodNews)
    : EmailContent(Key, To)
{
    public override IReadOnlyList<string> Names => Warnings.Concat(GoodNews).Select(w => w.Alert.ClientId).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A client's page in the portal, under <see cref="PortalLink"/> (sign-in required).</summary>
    public string ClientPageLink(string clientId) => $"{PortalLink}/clients/{clientId}";
}

/// <summary>A therapist's weekly digest, with the link to their caseload in the portal.</summary>
public sealed record DigestEmailContent(string Key, string To, Digest Digest, string PortalLink)
    : EmailContent(Key, To)
{
    public override IReadOnlyList<string> Names =>
        Digest.NeedsAttention.Concat(Digest.Improving).Concat(Digest.EveryoneElse).Select(c => c.Summary.ClientId).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>Writes an email's words — subject, plain text, HTML and its images — from what it is about.</summary>
public interface IEmailComposer
{
    Task<EmailMessage> ComposeAsync(EmailContent content, CancellationToken cancellationToken);
}
