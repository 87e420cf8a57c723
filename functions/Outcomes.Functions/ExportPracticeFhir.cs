using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>The practice as FHIR R4 NDJSON.</summary>
public sealed class ExportPracticeFhir(DataApi api)
{
    [Function(nameof(ExportPracticeFhir))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ExportFhir)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.PracticeFhirAsync(request, cancellationToken));
}
