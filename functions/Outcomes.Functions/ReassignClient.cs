using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Moves a client to another therapist; their history moves with them.</summary>
public sealed class ReassignClient(AdminApi api)
{
    [Function(nameof(ReassignClient))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.ClientTherapist)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.ReassignClientAsync(request, id, cancellationToken));
}
