using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Ends the portal session on this device.</summary>
public sealed class SignOut(PortalPages pages)
{
    [Function(nameof(SignOut))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SignOut)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.SignOutAsync(request, cancellationToken));
}
