using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Erases a client from every table and queue; the audit log keeps that it happened.</summary>
public sealed class EraseClient(DataApi api)
{
    [Function(nameof(EraseClient))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = Routes.Client)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.EraseClientAsync(request, id, cancellationToken));
}
