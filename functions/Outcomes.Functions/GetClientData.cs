using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Subject access: the client's own data, as JSON or a page.</summary>
public sealed class GetClientData(DataApi api)
{
    [Function(nameof(GetClientData))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ClientData)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.ClientDataAsync(request, id, cancellationToken));
}
