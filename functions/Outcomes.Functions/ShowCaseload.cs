using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>The signed-in therapist's caseload in the portal.</summary>
public sealed class ShowCaseload(PortalPages pages)
{
    [Function(nameof(ShowCaseload))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Portal)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.ShowCaseloadAsync(request, cancellationToken));
}
