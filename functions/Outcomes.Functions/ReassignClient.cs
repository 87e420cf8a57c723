using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

/// <summary>Moves a client to another therapist.</summary>
public sealed class ReassignClient(AdminApi api)
{
    [Function(nameof(ReassignClient))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/clients/{id}/therapist")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.ReassignClientAsync(request, id, cancellationToken);
}
