using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Enrols a client from the practice page.</summary>
public sealed class EnrolClientInPortal(AdminPages pages)
{
    [Function(nameof(EnrolClientInPortal))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PortalClients)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.EnrolClientAsync(request, cancellationToken));
}
