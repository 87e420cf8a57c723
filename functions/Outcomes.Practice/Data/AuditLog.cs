namespace Outcomes.Practice.Data;

/// <summary>
/// One entry of the append-only audit log: who did what, when, to which client's record (null when
/// the entry is about the practice, or the client has been erased).
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? ClientId, string Detail);

/// <summary>What the audit log records.</summary>
public static class AuditActions
{
    public const string ClientErased = "client.erased";
    public const string ClientDataRead = "client.data-read";
    public const string ClientOutcomesRead = "client.outcomes-read";
    public const string CaseloadViewed = "caseload.viewed";
    public const string AlertAcknowledged = "alert.acknowledged";
    public const string WarningReviewed = "warning.reviewed";
    public const string ClientExportedToFhir = "client.fhir-exported";
    public const string PracticeExported = "practice.exported";
    public const string ClientsImported = "clients.imported";
    public const string ClientViewed = "client.viewed";
    public const string ClientChanged = "client.changed";
    public const string ClientEnrolled = "client.enrolled";
    public const string TherapistEnrolled = "therapist.enrolled";
    public const string TherapistChanged = "therapist.changed";
    public const string InvitationIssued = "invitation.issued";
    public const string AuditRead = "audit.read";
    public const string SessionsEnded = "sessions.ended";
}

/// <summary>Who acted, as the audit log names them.</summary>
public static class Actors
{
    /// <summary>A script or person holding the admin key (one shared key: the portal's sign-in names people).</summary>
    public const string AdminKey = "admin key";

    /// <summary>The daily retention run.</summary>
    public const string Retention = "retention run";
}

/// <summary>The audit log (Azure Table Storage in production): entries are only ever added.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Entries from <paramref name="from"/> up to <paramref name="to"/>, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
