using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Instruments;
using Outcomes.Exchange;
using Outcomes.Practice;
using Outcomes.Practice.Data;
using Outcomes.Views.Pages;
using Outcomes.Views.Portal;

namespace Outcomes.Api.Portal;

/// <summary>
/// Data in and out for admins, from pages rather than curl and a key: a caseload import (checked
/// first as a dry run shown as a table), the exports for analysis, subject access and erasure. The
/// same services, rules and audit as the admin API; each names the admin who did it.
/// </summary>
public sealed class AdminDataPages(
    PortalRequests portal,
    CaseloadImport import,
    AnalysisExport analysis,
    SubjectAccess subjectAccess,
    ClientErasure erasure,
    ITherapists therapists,
    IClientRecords clientRecords,
    InstrumentCatalog instruments,
    HtmlPage page,
    PracticeSettings settings,
    ILogger<AdminDataPages> logger)
{
    public const string Home = "/portal/admin/data";
    public const string ImportPath = "/portal/admin/import";
    public const string ExportPath = "/portal/admin/export";
    public const string ErasePath = "/portal/admin/erase";

    public static string SubjectAccessPath(string clientId) => $"/portal/admin/clients/{clientId}/data";

    public Task<IResult> ShowAsync(HttpRequest request, CancellationToken cancellationToken) =>
        portal.AdminAsync(request, user => DataPageAsync(request, user, StatusCodes.Status200OK, Done(request), cancellationToken));

    /// <summary>Checks (dry run) or imports the caseload pasted or chosen as a file; a check shows what would happen, row by row, and writes nothing.</summary>
    public Task<IResult> ImportAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request, async (user, form) =>
        {
            var file = form.Files.GetFile("file");
            byte[] body;
            if (file is { Length: > 0 })
            {
                using var copy = new MemoryStream();
                await file.CopyToAsync(copy, cancellationToken);
                body = copy.ToArray();
            }
            else
            {
                body = Encoding.UTF8.GetBytes(form["csv"].ToString());
            }

            var csv = Encoding.UTF8.GetString(body);
            var check = form["action"] != "import";
            var (rows, problems) = CaseloadCsv.Read(body);
            if (rows.Count == 0 && problems.Count == 0)
            {
                problems = [new ImportProblem(1, null, "the file is empty: paste the caseload or choose its CSV file")];
            }

            if (problems.Count > 0 && rows.Count == 0)
            {
                return await DataPageAsync(request, user, StatusCodes.Status400BadRequest, new DataNotice("Nothing was imported: the file cannot be read.", Csv: csv, Problems: problems), cancellationToken);
            }

            try
            {
                var result = await import.ImportAsync(rows, check, user.Actor, cancellationToken, problems);
                logger.LogInformation("Caseload import from the portal (dry run: {DryRun}): {Enrolled} to enrol or enrolled, {Unchanged} unchanged", check, result.Enrolled, result.Unchanged);
                return check
                    ? await DataPageAsync(request, user, StatusCodes.Status200OK, new DataNotice($"Checked; nothing is written yet. {result.Enrolled} {(result.Enrolled == 1 ? "client" : "clients")} would be enrolled, {result.Unchanged} {(result.Unchanged == 1 ? "is" : "are")} already enrolled.", Csv: csv, Rows: result.Rows, CanImport: result.Enrolled > 0), cancellationToken)
                    : TypedResults.Redirect($"{Home}?done=imported&enrolled={result.Enrolled}&unchanged={result.Unchanged}");
            }
            catch (ImportRejectedException ex)
            {
                return await DataPageAsync(request, user, StatusCodes.Status400BadRequest, new DataNotice("Nothing was imported: every row must be right first.", Csv: csv, Problems: ex.Problems), cancellationToken);
            }
            catch (ImportPartlyWrittenException ex)
            {
                return await DataPageAsync(request, user, StatusCodes.Status409Conflict, new DataNotice(
                    "Some rows were enrolled and some were not (another change met them while writing). The enrolled rows stand; checking and importing the file again changes nothing for them.",
                    Csv: csv, Rows: ex.Written, Problems: ex.Problems), cancellationToken);
            }
        }, cancellationToken);

    /// <summary>An instrument's scores as CSV for <c>outcomes analyze</c>, as the API exports them; audited.</summary>
    public Task<IResult> ExportAsync(HttpRequest request, CancellationToken cancellationToken) =>
        portal.AdminAsync(request, async user =>
        {
            var instrument = request.Query["instrument"].ToString();
            var layout = request.Query["layout"].ToString() == "long" ? "long" : "wide";
            var ids = request.Query["ids"].ToString() == "code" ? ExportIds.DisplayCode : ExportIds.Pseudonym;
            var therapist = request.Query["therapist"].ToString() is { Length: > 0 } named ? named : null;
            if (!instruments.TryGet(instrument, out _))
            {
                return await DataPageAsync(request, user, StatusCodes.Status400BadRequest, new DataNotice("Nothing was exported: choose a questionnaire."), cancellationToken);
            }

            try
            {
                var export = await analysis.ExportAsync(instrument, ids, therapist, user.Actor, cancellationToken);
                request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{export.Instrument.Id}-{layout}.csv\"";
                return TypedResults.Text(layout == "wide" ? AnalysisCsv.Wide(export) : AnalysisCsv.Long(export), "text/csv; charset=utf-8", Encoding.UTF8);
            }
            catch (Exception ex) when (ex is InvalidRequestException or NotFoundException)
            {
                return await DataPageAsync(request, user, StatusCodes.Status400BadRequest, new DataNotice($"Nothing was exported: {ex.Message}"), cancellationToken);
            }
        });

    /// <summary>Subject access as a page: everything held about the client, as the API's page shows it; audited.</summary>
    public Task<IResult> SubjectAccessAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        portal.AdminAsync(request, async user =>
        {
            try
            {
                var data = await subjectAccess.ReadAsync(id, user.Actor, cancellationToken);
                return await page.SendAsync<ClientDataPage>(request, StatusCodes.Status200OK, new() { ["Data"] = data, ["ClinicName"] = settings.ClinicName, ["Instruments"] = instruments });
            }
            catch (NotFoundException)
            {
                return await portal.NotFoundAsync(request);
            }
        }, returnTo: SubjectAccessPath(id));

    /// <summary>Erases a client once their display code is typed to confirm; the erasure's reference is shown, as the audit log names it.</summary>
    public Task<IResult> EraseAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request, async (user, form) =>
        {
            var id = form["client"].ToString();
            var client = PracticeAdministration.IsId(id) ? await clientRecords.FindClientAsync(id, cancellationToken) : null;
            var typed = form["confirm"].ToString().Trim();
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            if (client is null)
            {
                errors["client"] = "choose the client to erase";
            }
            else if (!string.Equals(typed, client.DisplayCode, StringComparison.OrdinalIgnoreCase))
            {
                errors["confirm"] = typed.Length == 0
                    ? $"type {client.DisplayCode} to confirm"
                    : $"“{Problem.Excerpt(typed)}” is not {client.DisplayCode}: type the display code of the client you chose";
            }

            if (errors.Count > 0)
            {
                var state = new FormState(ErasePath, form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal), errors);
                return await DataPageAsync(request, user, StatusCodes.Status400BadRequest, new DataNotice("Nobody was erased:", Form: state), cancellationToken);
            }

            var reference = await erasure.EraseAsync(client!.Id, user.Actor, cancellationToken);
            return TypedResults.Redirect($"{Home}?done=erased&reference={Uri.EscapeDataString(reference)}");
        }, cancellationToken);

    private Task<IResult> ChangeAsync(HttpRequest request, Func<PortalUser, IFormCollection, Task<IResult>> change, CancellationToken cancellationToken) =>
        portal.AdminAsync(request, async user =>
        {
            var (form, refusal) = await portal.ReadFormAsync(request, cancellationToken);
            return refusal ?? await change(user, form!);
        }, returnTo: Home);

    private async Task<IResult> DataPageAsync(HttpRequest request, PortalUser user, int status, DataNotice? notice, CancellationToken cancellationToken) =>
        await page.SendAsync<DataPortalPage>(request, status, new()
        {
            ["Chrome"] = portal.Chrome(request, user),
            ["Therapists"] = (await therapists.ListTherapistsAsync(cancellationToken)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            ["Clients"] = await clientRecords.ListClientsAsync(cancellationToken),
            ["Instruments"] = instruments,
            ["Notice"] = notice,
        });

    /// <summary>What the last change did, from the redirect's query (fixed wording around numbers and a reference).</summary>
    private static DataNotice? Done(HttpRequest request) => request.Query["done"].ToString() switch
    {
        "imported" => new DataNotice($"Imported: {Count(request, "enrolled")} enrolled, {Count(request, "unchanged")} already enrolled. Each enrolment is in the audit log; their first links go out at the next sending hour."),
        "erased" => new DataNotice($"The client is erased: their answers, scores, alerts, links and the emails naming them are gone. The audit log names this erasure {Reference(request)}, without the client's details."),
        _ => null,
    };

    private static int Count(HttpRequest request, string name) =>
        int.TryParse(request.Query[name], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;

    // The reference is the erasure's own (letters, digits and dashes); anything else in the query is not shown.
    private static string Reference(HttpRequest request) =>
        request.Query["reference"].ToString() is { Length: > 0 and <= 64 } given && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':') ? given : "by its reference";
}
