using System.Globalization;

namespace Outcomes.Practice.Data;

/// <summary>One row of a caseload file, as written (every cell as text), with its line in the file.</summary>
public sealed record ImportRow(int Line, string? TherapistEmail, string? DisplayCode, string? ClientEmail, string? Instruments, string? CadenceDays, string? TimeZone, string? FirstCheckIn);

/// <summary>What is wrong with one cell (or a whole line, when <see cref="Column"/> is null).</summary>
public sealed record ImportProblem(int Line, string? Column, string Message);

/// <summary>The file cannot be imported as it is; nothing was written.</summary>
public sealed class ImportRejectedException(IReadOnlyList<ImportProblem> problems) : Exception($"{problems.Count} problems in the file")
{
    public IReadOnlyList<ImportProblem> Problems { get; } = problems;
}

/// <summary>
/// Some rows could not be enrolled while the file was written (another client took a display code
/// meanwhile); <see cref="Written"/> says exactly which rows stand, each enrolled and audited.
/// </summary>
public sealed class ImportPartlyWrittenException(IReadOnlyList<ImportedRow> written, IReadOnlyList<ImportProblem> problems)
    : Exception($"{problems.Count} rows not enrolled, {written.Count} written")
{
    public IReadOnlyList<ImportedRow> Written { get; } = written;

    public IReadOnlyList<ImportProblem> Problems { get; } = problems;
}

/// <summary>What happened (or, in a dry run, would happen) to one row: <c>enrol</c>, <c>enrolled</c> or <c>unchanged</c>.</summary>
public sealed record ImportedRow(int Line, string DisplayCode, string Outcome, string? ClientId);

public sealed record ImportResult(bool DryRun, IReadOnlyList<ImportedRow> Rows)
{
    public int Enrolled => Rows.Count(r => r.Outcome is ImportOutcomes.Enrol or ImportOutcomes.Enrolled);

    public int Unchanged => Rows.Count(r => r.Outcome == ImportOutcomes.Unchanged);
}

public static class ImportOutcomes
{
    /// <summary>A dry run: the row would enrol a new client.</summary>
    public const string Enrol = "enrol";
    public const string Enrolled = "enrolled";

    /// <summary>The therapist already has this client, with the same details: nothing to do (importing a file again changes nothing).</summary>
    public const string Unchanged = "unchanged";
}

/// <summary>
/// Imports a caseload: every row is checked before any is written, and every problem reported with
/// its line and column; nothing is written unless all rows are valid. A row whose client the
/// therapist already has (same display code, same details) is left as it is, so importing the same
/// file again changes nothing; the same display code with other details is a problem, never an overwrite.
/// </summary>
public sealed class CaseloadImport(PracticeAdministration administration, IClientRecords clientRecords, ICaseloads caseloads, ITherapists therapists, IAuditLog audit, TimeProvider time)
{
    /// <summary>The columns of the file, in the clinic's words as CSV headers.</summary>
    public static readonly string[] Columns = ["therapist_email", "display_code", "client_email", "instruments", "cadence_days", "time_zone", "first_check_in"];

    /// <summary>Most rows one file may hold.</summary>
    public const int MaxRows = 5000;

    /// <summary>
    /// Checks every row, then — only if none has a problem — enrols (or, in a dry run, says it would).
    /// <paramref name="fileProblems"/>: lines the file reader could not make rows of, reported with the rest.
    /// </summary>
    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportRow> rows, bool dryRun, string actor, CancellationToken cancellationToken, IReadOnlyList<ImportProblem>? fileProblems = null)
    {
        var problems = new List<ImportProblem>(fileProblems ?? []);
        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new(1, null, "the file has no rows under its header"));
        }
        else if (rows.Count > MaxRows)
        {
            throw new ImportRejectedException([new(rows[MaxRows].Line, null, $"a file holds at most {MaxRows} rows; split it")]);
        }

        if (rows.Count == 0)
        {
            ThrowIfAny(problems);
        }

        var planned = await PlanAsync(rows, problems, cancellationToken);
        ThrowIfAny(problems);
        return await WriteAsync(planned, rows.Count, dryRun, actor, cancellationToken);
    }

    /// <summary>Every row checked, adding its problems; the rows that have none, with their therapist and whether their client is enrolled already.</summary>
    private async Task<List<Planned>> PlanAsync(IReadOnlyList<ImportRow> rows, List<ImportProblem> problems, CancellationToken cancellationToken)
    {
        var byEmail = (await therapists.ListTherapistsAsync(cancellationToken))
            .GroupBy(t => t.Email, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var caseloadsRead = new Dictionary<string, Caseload>();
        var today = time.GetUtcNow();
        var planned = new List<Planned>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var row in rows)
        {
            var before = problems.Count;
            var therapist = TherapistOf(row, byEmail, problems);
            var details = Check(row, today, problems);
            if (problems.Count > before || therapist is null || details is null)
            {
                continue;
            }

            if (seen.TryGetValue((therapist.Id, details.DisplayCode.ToUpperInvariant()), out var earlier))
            {
                problems.Add(new(row.Line, "display_code", $"'{details.DisplayCode}' is on line {earlier} too, for the same therapist"));
                continue;
            }

            seen[(therapist.Id, details.DisplayCode.ToUpperInvariant())] = row.Line;
            if (!caseloadsRead.TryGetValue(therapist.Id, out var caseload))
            {
                caseload = caseloadsRead[therapist.Id] = await caseloads.ReadCaseloadAsync(therapist.Id, cancellationToken);
            }

            var existing = caseload.Clients.FirstOrDefault(c => string.Equals(c.DisplayCode, details.DisplayCode, StringComparison.OrdinalIgnoreCase));
            if (existing is not null)
            {
                var profile = await clientRecords.FindClientAsync(existing.ClientId, cancellationToken);
                if (profile is null || !details.Matches(profile))
                {
                    problems.Add(new(row.Line, "display_code", $"the therapist already has a client '{existing.DisplayCode}' with other details; change them on that client, or choose another display code"));
                    continue;
                }
            }

            planned.Add(new(row, therapist, details, existing?.ClientId));
        }

        return planned;
    }

    private static Therapist? TherapistOf(ImportRow row, Dictionary<string, List<Therapist>> byEmail, List<ImportProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(row.TherapistEmail))
        {
            problems.Add(new(row.Line, "therapist_email", "required: the email address of an enrolled therapist"));
        }
        else if (!byEmail.TryGetValue(row.TherapistEmail.Trim(), out var matches))
        {
            problems.Add(new(row.Line, "therapist_email", $"no therapist is enrolled with '{Problem.Excerpt(row.TherapistEmail.Trim())}'"));
        }
        else if (matches.Count > 1)
        {
            problems.Add(new(row.Line, "therapist_email", "more than one therapist has this address; enrol these clients one at a time by therapist id"));
        }
        else
        {
            return matches[0];
        }

        return null;
    }

    /// <summary>The client's details as enrolment checks them, and the first check-in's date; null when the row has a problem.</summary>
    private Enrolment? Check(ImportRow row, DateTimeOffset today, List<ImportProblem> problems)
    {
        var before = problems.Count;
        var instruments = row.Instruments?.Split([';', ' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        int? cadence = int.TryParse(row.CadenceDays?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days) ? days : null;
        if (cadence is null && !string.IsNullOrWhiteSpace(row.CadenceDays))
        {
            cadence = -1; // a number the check refuses, so the problem is reported once, in its words
        }

        foreach (var problem in administration.CheckClient(row.DisplayCode, row.ClientEmail, instruments, cadence, row.TimeZone?.Trim()))
        {
            problems.Add(new(row.Line, ColumnOf(problem.Field), problem.Message));
        }

        DateOnly? first = null;
        if (!string.IsNullOrWhiteSpace(row.FirstCheckIn))
        {
            if (!DateOnly.TryParseExact(row.FirstCheckIn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                problems.Add(new(row.Line, "first_check_in", $"'{Problem.Excerpt(row.FirstCheckIn)}' is not a date as yyyy-mm-dd"));
            }
            else if (row.TimeZone is { } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone.Trim(), out _) && date < PracticeSettings.LocalDate(today, zone.Trim()))
            {
                problems.Add(new(row.Line, "first_check_in", $"{date:yyyy-MM-dd} is in the past in the client's time zone"));
            }
            else
            {
                first = date;
            }
        }

        return problems.Count > before
            ? null
            : new Enrolment(row.DisplayCode!.Trim(), row.ClientEmail!.Trim(), instruments!, cadence!.Value, row.TimeZone!.Trim(), first);
    }

    /// <summary>Enrols the planned rows (or, in a dry run, says it would), each audited as it is written; then the import is audited.</summary>
    private async Task<ImportResult> WriteAsync(List<Planned> planned, int rowCount, bool dryRun, string actor, CancellationToken cancellationToken)
    {
        var results = new List<ImportedRow>();
        var refused = new List<ImportProblem>();
        foreach (var (row, therapist, details, existing) in planned)
        {
            if (existing is not null)
            {
                results.Add(new(row.Line, details.DisplayCode, ImportOutcomes.Unchanged, existing));
            }
            else if (dryRun)
            {
                results.Add(new(row.Line, details.DisplayCode, ImportOutcomes.Enrol, null));
            }
            else
            {
                // The row's client has the same id on every sending of the file, and each is audited as it is
                // written: a file sent again after an interruption finishes the row it stopped at.
                try
                {
                    var client = await administration.EnrolClientAsync(
                        therapist.Id, details.DisplayCode, details.Email, details.Instruments, details.CadenceDays, details.TimeZone, actor, cancellationToken, details.FirstCheckIn,
                        clientId: PracticeAdministration.ImportedClientId(therapist.Id, details.DisplayCode), auditDetail: $", imported (line {row.Line})");
                    results.Add(new(row.Line, details.DisplayCode, ImportOutcomes.Enrolled, client.Id));
                }
                catch (ConflictException ex)
                {
                    refused.Add(new(row.Line, "display_code", ex.Message));
                }
            }
        }

        if (refused.Count > 0)
        {
            await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), actor, AuditActions.ClientsImported, null, $"{results.Count(r => r.Outcome == ImportOutcomes.Enrolled)} clients enrolled, {refused.Count} rows refused while writing, from {rowCount} rows"), cancellationToken);
            throw new ImportPartlyWrittenException(results, refused);
        }

        var result = new ImportResult(dryRun, results);
        if (!dryRun)
        {
            await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), actor, AuditActions.ClientsImported, null, $"{result.Enrolled} clients enrolled, {result.Unchanged} unchanged, from {rowCount} rows"), cancellationToken);
        }

        return result;
    }

    private static string? ColumnOf(string field) => field switch
    {
        "displayCode" => "display_code",
        "email" => "client_email",
        "instruments" => "instruments",
        "cadenceDays" => "cadence_days",
        "timeZone" => "time_zone",
        _ => null,
    };

    private static void ThrowIfAny(List<ImportProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw new ImportRejectedException(problems.OrderBy(p => p.Line).ToList());
        }
    }

    private sealed record Planned(ImportRow Row, Therapist Therapist, Enrolment Details, string? Existing);

    private sealed record Enrolment(string DisplayCode, string Email, IReadOnlyList<string> Instruments, int CadenceDays, string TimeZone, DateOnly? FirstCheckIn)
    {
        /// <summary>The same client as enrolled: address (any case), instruments (any order), cadence and zone; the first check-in date is past once enrolled.</summary>
        public bool Matches(ClientProfile profile) =>
            string.Equals(profile.Email, Email, StringComparison.OrdinalIgnoreCase)
            && profile.Instruments.Order(StringComparer.Ordinal).SequenceEqual(Instruments.Order(StringComparer.Ordinal))
            && profile.CadenceDays == CadenceDays
            && profile.TimeZone == TimeZone;
    }
}
