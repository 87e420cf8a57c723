using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Ends every portal session of one person, from the practice page (a lost laptop).</summary>
public sealed class EndSessionsInPortal(AdminPages pages)
{
    [Function(nameof(EndSessionsInPortal))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PortalSessions)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.EndSessionsAsync(request, cancellationToken));
}
