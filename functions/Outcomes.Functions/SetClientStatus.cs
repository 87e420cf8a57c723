using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

public sealed class SetClientStatus(AdminApi api)
{
    [Function(nameof(SetClientStatus))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/clients/{id}/status")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.SetClientStatusAsync(request, id, cancellationToken);
}
