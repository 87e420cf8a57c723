using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

public sealed class GetClientOutcomes(AdminApi api)
{
    [Function(nameof(GetClientOutcomes))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/admin/clients/{id}/outcomes")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.GetOutcomesAsync(request, id, cancellationToken);
}
