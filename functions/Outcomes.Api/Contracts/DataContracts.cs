namespace Outcomes.Api.Contracts;

// Data in and out: what the import, export, subject-access and erasure routes answer.

/// <summary>One cell (or line, when <see cref="Column"/> is null) of a caseload file that cannot be imported.</summary>
public sealed record CellProblem(int Line, string? Column, string Message);

/// <summary>A 400 for a caseload file: every problem, each naming its line and column.</summary>
public sealed record CellProblems(string? Type, string? Title, int Status, string? Detail, IReadOnlyList<CellProblem> Errors);

/// <summary>What happened (or, in a dry run, would happen) to one row: <c>enrol</c>, <c>enrolled</c> or <c>unchanged</c>.</summary>
public sealed record ImportedRowView(int Line, string DisplayCode, string Outcome, string? ClientId);

/// <summary><c>POST api/admin/clients/import</c>: what was — or, with <c>dryRun</c>, would be — done.</summary>
public sealed record ImportResponse(bool DryRun, int Enrolled, int Unchanged, IReadOnlyList<ImportedRowView> Rows);

/// <summary>A client's own data (subject access).</summary>
public sealed record ClientDataResponse(
    DateTimeOffset At,
    ClientDataProfile Client,
    IReadOnlyList<ClientDataInvitation> Invitations,
    IReadOnlyList<ClientDataCheckIn> CheckIns,
    IReadOnlyList<AlertView> Alerts,
    IReadOnlyList<ClientDataEmail> Emails);

public sealed record ClientDataProfile(
    string Id,
    string TherapistId,
    string DisplayCode,
    string Email,
    IReadOnlyList<string> Instruments,
    int CadenceDays,
    string TimeZone,
    DateTimeOffset EnrolledAt,
    string Status,
    DateTimeOffset? DischargedAt);

/// <summary>A questionnaire link sent to the client (the link itself is never kept).</summary>
public sealed record ClientDataInvitation(DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);

/// <summary>One check-in, numbered from 1: every answer as given (choice values and the client's own words) and the scores made from them.</summary>
public sealed record ClientDataCheckIn(int Number, DateTimeOffset SubmittedAt, IReadOnlyList<ClientDataAnswers> Answers);

/// <summary>One questionnaire of a check-in; <see cref="Score"/> and <see cref="Band"/> are null for a questionnaire the clinic has since removed.</summary>
public sealed record ClientDataAnswers(string Instrument, IReadOnlyDictionary<string, int> Choices, IReadOnlyDictionary<string, string> Texts, double? Score, string? Band);

/// <summary>
/// An email about the client: <see cref="OwnEmail"/>, sent to them or about them alone (invitations,
/// risk alerts); otherwise their therapist's email that named them among others. Subjects and times
/// only: bodies carry links that must not travel.
/// </summary>
public sealed record ClientDataEmail(string Key, bool OwnEmail, string Subject, DateTimeOffset CreatedAt, string Status, DateTimeOffset? SentAt);

/// <summary>One entry of the audit log: who did what, when, to which client (null: the practice, or a client since erased).</summary>
public sealed record AuditEntryView(DateTimeOffset At, string Actor, string Action, string? ClientId, string Detail);
