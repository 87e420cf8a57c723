using Azure;
using Azure.Data.Tables;

namespace Outcomes.Storage;

// One row type per kind of record. A client's records share the client's partition in the
// Clients table, told apart by a row-key prefix, so that one partition query reads them all
// and one transaction writes a response together with its invitation.
internal static class RowKeys
{
    public const string Profile = "profile";
    public const string Invitation = "invitation|";
    public const string Response = "response|";
    public const string Score = "score|";
    public const string Alert = "alert|";

    /// <summary>A stored response not yet scored: written with the response, removed with its score.</summary>
    public const string AwaitingScoring = "scoring|";

    /// <summary>When the client last saw their own progress page.</summary>
    public const string ProgressSeen = "progress-seen";
}

internal abstract class Row : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
}

internal sealed class TherapistRow : Row
{
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public DateTimeOffset EnrolledAt { get; set; }
    public string? DigestDay { get; set; }
    public int? DigestHour { get; set; }

    /// <summary><see cref="Practice.ProgressEmails"/>; empty on rows from before the setting (hourly).</summary>
    public string? ProgressEmails { get; set; }
    public string? LastDigestFor { get; set; }
}

internal sealed class ProfileRow : Row
{
    public string TherapistId { get; set; } = "";
    public string DisplayCode { get; set; } = "";
    public string Email { get; set; } = "";
    public string Instruments { get; set; } = "";
    public int CadenceDays { get; set; }
    public string TimeZone { get; set; } = "";
    public DateTimeOffset EnrolledAt { get; set; }
    public string? Status { get; set; }
    public DateTimeOffset? DischargedAt { get; set; }

    /// <summary><see cref="Practice.ProgressSharing"/>; empty: the practice's default.</summary>
    public string? ShareProgress { get; set; }
}

internal sealed class InvitationRow : Row
{
    public string TherapistId { get; set; } = "";
    public string Instruments { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public string? ResponseId { get; set; }

    /// <summary>Whether the answers given through the link held a risk answer; written with them.</summary>
    public bool? RiskAnswer { get; set; }
}

internal sealed class ResponseRow : Row
{
    public string TherapistId { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>The raw answers as JSON; never rewritten.</summary>
    public string Answers { get; set; } = "";
}

internal sealed class ScoreRow : Row
{
    public DateTimeOffset ScoredAt { get; set; }
    public string Scores { get; set; } = "";
}

internal sealed class AlertRow : Row
{
    public string Kind { get; set; } = "";
    public string Urgency { get; set; } = "";
    public string? InstrumentId { get; set; }
    public string Description { get; set; } = "";
    public string ResponseId { get; set; } = "";
    public DateTimeOffset RaisedAt { get; set; }
    public int? CheckIn { get; set; }
    public DateTimeOffset? CheckInAt { get; set; }
    public DateTimeOffset? EmailedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public string? AcknowledgementNote { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewedBy { get; set; }
}

internal sealed class ProgressSeenRow : Row
{
    public DateTimeOffset SeenAt { get; set; }
    public int Views { get; set; }
}
