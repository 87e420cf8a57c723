using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Outcomes.Api.Contracts;
using Outcomes.Exchange;
using Outcomes.Exchange.Fhir;
using Outcomes.Practice;
using Outcomes.Practice.Data;
using Outcomes.Views.Pages;

namespace Outcomes.Api;

/// <summary>
/// Data in and out, under <c>api/admin</c> (the host checks the admin key first): caseload import,
/// exports for analysis and for the health record, subject access and erasure. Every read of a
/// client's data and every change is in the audit log.
/// </summary>
public sealed class DataApi(
    CaseloadImport import,
    AnalysisExport analysis,
    HealthRecordExport healthRecord,
    SubjectAccess subjectAccess,
    ClientErasure erasure,
    IAuditLog audit,
    Outcomes.Clinical.Instruments.InstrumentCatalog instruments,
    PublicLinks links,
    HtmlPage html,
    PracticeSettings settings,
    TimeProvider time,
    ILogger<DataApi> logger)
{
    /// <summary>A caseload file may be up to 1 MiB (about 10,000 rows).</summary>
    public const int MaxImportBytes = 1024 * 1024;

    public const string FhirJson = "application/fhir+json";
    public const string FhirNdjson = "application/fhir+ndjson";

    /// <summary>Imports a caseload from CSV (<c>text/csv</c>); <c>?dryRun=true</c> says what would happen and writes nothing.</summary>
    public Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportClientsAsync(HttpRequest request, CancellationToken cancellationToken) =>
        AdminCalls.RunAsync<Ok<ImportResponse>>(request, logger, async () =>
        {
            if (!IsCsv(request.ContentType))
            {
                return ApiProblems.UnsupportedMediaType("a CSV file (Content-Type: text/csv)");
            }

            if (!TryDryRun(request, out var dryRun))
            {
                return ApiProblems.Invalid("dryRun", "true or false");
            }

            var body = await RequestBody.ReadAsync(request, cancellationToken, MaxImportBytes);
            if (body is null)
            {
                return ApiProblems.TooLarge(MaxImportBytes);
            }

            // A file with no rows to read (no header, a bad header) is refused at once; otherwise every row is checked, and a line that could not be read is one more problem.
            var (rows, problems) = CaseloadCsv.Read(body);
            if (problems.Count > 0 && rows.Count == 0)
            {
                return ApiProblems.InvalidFile(problems);
            }

            try
            {
                var result = await import.ImportAsync(rows, dryRun, AdminCaller.Of(request), cancellationToken, problems);
                logger.LogInformation("Caseload import (dry run: {DryRun}): {Enrolled} to enrol or enrolled, {Unchanged} unchanged", dryRun, result.Enrolled, result.Unchanged);
                return TypedResults.Ok(new ImportResponse(result.DryRun, result.Enrolled, result.Unchanged, result.Rows.Select(r => new ImportedRowView(r.Line, r.DisplayCode, r.Outcome, r.ClientId)).ToList()));
            }
            catch (ImportRejectedException ex)
            {
                return ApiProblems.InvalidFile(ex.Problems);
            }
            catch (ImportPartlyWrittenException ex)
            {
                var written = ex.Written.Where(r => r.Outcome != ImportOutcomes.Unchanged).Select(r => r.Line).ToList();
                return ApiProblems.Conflict(
                    $"Not enrolled: {string.Join("; ", ex.Problems.Select(p => $"line {p.Line}: {p.Message}"))}. " +
                    $"Enrolled and audited: {(written.Count == 0 ? "no line" : $"lines {string.Join(", ", written)}")} — they stand, and sending the file again changes nothing for them.");
            }
        });

    /// <summary>
    /// An instrument's scores for <c>outcomes analyze</c>: <c>?layout=wide</c> (sudden gains, the default)
    /// or <c>long</c> (reliable change); <c>?ids=pseudonym</c> (default) or <c>code</c>; <c>?therapist={id}</c>
    /// for one caseload (display codes are unique only within one).
    /// </summary>
    public Task<Results<ContentHttpResult, ProblemHttpResult>> ExportCsvAsync(HttpRequest request, string instrument, CancellationToken cancellationToken) =>
        AdminCalls.RunAsync<ContentHttpResult>(request, logger, async () =>
        {
            var layout = request.Query["layout"].ToString() is { Length: > 0 } given ? given : "wide";
            if (layout is not ("wide" or "long"))
            {
                return ApiProblems.Invalid("layout", "\"wide\" (one row per client, for analyze sudden-gains) or \"long\" (one row per check-in, for analyze reliable-change)");
            }

            var ids = request.Query["ids"].ToString() switch
            {
                "" or "pseudonym" => ExportIds.Pseudonym,
                "code" => ExportIds.DisplayCode,
                _ => (ExportIds?)null,
            };
            if (ids is null)
            {
                return ApiProblems.Invalid("ids", "\"pseudonym\" (the default) or \"code\" (display codes)");
            }

            var therapist = request.Query["therapist"].ToString() is { Length: > 0 } named ? named : null;
            var export = await analysis.ExportAsync(instrument, ids.Value, therapist, AdminCaller.Of(request), cancellationToken);
            logger.LogInformation("Exported {Instrument} for analysis ({Layout}): {Clients} clients", export.Instrument.Id, layout, export.Clients.Count);
            var csv = layout == "wide" ? AnalysisCsv.Wide(export) : AnalysisCsv.Long(export);
            request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{export.Instrument.Id}-{layout}.csv\"";
            return TypedResults.Text(csv, "text/csv; charset=utf-8", Encoding.UTF8);
        });

    /// <summary>One client's record as a FHIR R4 collection bundle.</summary>
    public Task<Results<ContentHttpResult, ProblemHttpResult>> ClientFhirAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        AdminCalls.RunAsync<ContentHttpResult>(request, logger, async () =>
        {
            var record = await healthRecord.ReadAsync(id, AdminCaller.Of(request), cancellationToken);
            var bundle = Fhir().Bundle(record, time.GetUtcNow());
            logger.LogInformation("Exported client {ClientId} as FHIR: {Resources} resources", record.Client.Id, bundle.Entry.Count);
            return TypedResults.Text(FhirRecord.Serialize(bundle), FhirJson, Encoding.UTF8);
        });

    /// <summary>The practice as FHIR R4 NDJSON, one resource a line: the questionnaires, then each client's resources.</summary>
    public Task<Results<PushStreamHttpResult, ProblemHttpResult>> PracticeFhirAsync(HttpRequest request, CancellationToken cancellationToken) =>
        AdminCalls.RunAsync<PushStreamHttpResult>(request, logger, async () =>
        {
            // Read first, so that a storage outage is a 503 rather than a cut-off stream.
            var fhir = Fhir();
            var records = new List<ClientCheckIns>();
            await foreach (var record in healthRecord.ReadAllAsync(AdminCaller.Of(request), cancellationToken))
            {
                records.Add(record);
            }

            logger.LogInformation("Exported the practice as FHIR: {Clients} clients", records.Count);
            return TypedResults.Stream(
                async stream =>
                {
                    await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
                    foreach (var resource in fhir.Questionnaires(records.SelectMany(r => r.CheckIns)).Concat(records.SelectMany(fhir.Resources)))
                    {
                        await writer.WriteLineAsync(FhirRecord.Serialize(resource));
                    }
                },
                FhirNdjson);
        });

    /// <summary>Subject access: the client's own data as JSON, or as a page when the request accepts <c>text/html</c>.</summary>
    public Task<Results<Ok<ClientDataResponse>, ContentHttpResult, ProblemHttpResult>> ClientDataAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        AdminCalls.RunAsync<Ok<ClientDataResponse>, ContentHttpResult>(request, logger, async () =>
        {
            var data = await subjectAccess.ReadAsync(id, AdminCaller.Of(request), cancellationToken);
            logger.LogInformation("Subject access for client {ClientId}: {CheckIns} check-ins, {Emails} emails", data.Client.Id, data.CheckIns.Count, data.Emails.Count);
            if (WantsHtml(request))
            {
                return await html.RenderAsync<ClientDataPage>(request, StatusCodes.Status200OK, new() { ["Data"] = data, ["ClinicName"] = settings.ClinicName, ["Instruments"] = instruments });
            }

            return TypedResults.Ok(ClientDataView.Of(data));
        });

    /// <summary>Erases the client: 204, with the erasure's reference (as the audit log names it) in <c>Outcomes-Erasure</c>; then 404 for everything about them.</summary>
    public Task<Results<NoContent, ProblemHttpResult>> EraseClientAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        AdminCalls.RunAsync<NoContent>(request, logger, async () =>
        {
            var reference = await erasure.EraseAsync(id, AdminCaller.Of(request), cancellationToken);
            request.HttpContext.Response.Headers["Outcomes-Erasure"] = reference;
            return TypedResults.NoContent();
        });

    /// <summary>The audit log, newest first: <c>?days=30</c> (1–366) back from now.</summary>
    public Task<Results<Ok<IReadOnlyList<AuditEntryView>>, ProblemHttpResult>> ReadAuditAsync(HttpRequest request, CancellationToken cancellationToken) =>
        AdminCalls.RunAsync<Ok<IReadOnlyList<AuditEntryView>>>(request, logger, async () =>
        {
            var days = 30;
            if (request.Query["days"].ToString() is { Length: > 0 } given && (!int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out days) || days is < 1 or > 366))
            {
                return ApiProblems.Invalid("days", "a number of days from 1 to 366");
            }

            var now = time.GetUtcNow();
            var entries = await audit.ReadAsync(now.AddDays(-days), now, cancellationToken);
            return TypedResults.Ok<IReadOnlyList<AuditEntryView>>(entries.OrderByDescending(e => e.At).Select(e => new AuditEntryView(e.At, e.Actor, e.Action, e.ClientId, e.Detail)).ToList());
        });

    private FhirRecord Fhir() => new(instruments, links.BaseAddress);

    private static bool IsCsv(string? contentType) =>
        contentType is not null && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals("application/csv", StringComparison.OrdinalIgnoreCase));

    private static bool TryDryRun(HttpRequest request, out bool dryRun)
    {
        var given = request.Query["dryRun"].ToString();
        dryRun = false;
        return given.Length == 0 || bool.TryParse(given, out dryRun);
    }

    private static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).FirstOrDefault() is { } first && first.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase);
}
