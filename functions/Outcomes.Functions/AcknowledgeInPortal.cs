using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Acknowledges a client's risk alert from their page in the portal, with an optional note.</summary>
public sealed class AcknowledgeInPortal(PortalPages pages)
{
    [Function(nameof(AcknowledgeInPortal))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PortalAcknowledge)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.AcknowledgeAsync(request, id, cancellationToken));
}
