using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Changes a client from the practice page: a link, their status or their therapist.</summary>
public sealed class ChangeClientInPortal(AdminPages pages)
{
    [Function(nameof(ChangeClientInPortal))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PortalAdminClient)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.ChangeClientAsync(request, id, cancellationToken));
}
