namespace Outcomes.Api.Contracts;

// The admin API's bodies. Every request field is optional to the reader: what is missing or wrong
// is reported by the practice's own checks, all problems at once, as problem details.

/// <summary><c>POST api/admin/therapists</c>.</summary>
/// <param name="DigestDay">The weekday of the weekly digest, e.g. <c>Monday</c> (the default).</param>
/// <param name="DigestHour">The hour of the weekly digest in the therapist's time zone, 0–23 (default 8).</param>
/// <param name="ProgressEmails"><c>hourly</c> (default): progress comes in the hourly email as soon as it is crossed; <c>weekly</c>: in the weekly digest only.</param>
public sealed record EnrolTherapistRequest(string? Name, string? Email, string? TimeZone, string? DigestDay = null, int? DigestHour = null, string? ProgressEmails = null);

/// <summary><c>POST api/admin/clients</c>.</summary>
/// <param name="DisplayCode">The pseudonym therapists see (e.g. <c>A-101</c>), unique in the caseload.</param>
/// <param name="Instruments">Instrument ids, e.g. <c>["phq9", "gad7", "checkin"]</c>.</param>
/// <param name="CadenceDays">Days between check-ins.</param>
public sealed record EnrolClientRequest(string? TherapistId, string? DisplayCode, string? Email, IReadOnlyList<string>? Instruments, int? CadenceDays, string? TimeZone);

/// <summary><c>POST api/admin/clients/{id}/status</c>: <c>active</c>, <c>paused</c> or <c>discharged</c>.</summary>
public sealed record ClientStatusRequest(string? Status);

/// <summary><c>POST api/admin/clients/{id}/therapist</c>.</summary>
public sealed record ReassignClientRequest(string? TherapistId);

/// <summary><c>POST api/admin/digests/run</c>: every therapist's digest now, or one therapist's.</summary>
public sealed record RunDigestsRequest(string? TherapistId = null);

/// <summary>A therapist or client enrolled.</summary>
public sealed record Enrolled(string Id);

public sealed record ClientStatusChanged(string Id, string Status);

public sealed record ClientReassigned(string Id, string TherapistId);

/// <summary>A questionnaire link, made now; it works once, until <see cref="ExpiresAt"/>.</summary>
public sealed record InvitationIssued(string Url, DateTimeOffset ExpiresAt);

public sealed record DigestsSent(int Sent);
