using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>One client's record as a FHIR R4 bundle.</summary>
public sealed class ExportClientFhir(DataApi api)
{
    [Function(nameof(ExportClientFhir))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ClientFhir)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.ClientFhirAsync(request, id, cancellationToken));
}
