using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>The admin's practice page: therapists, clients and the practice's health.</summary>
public sealed class ShowPractice(AdminPages pages)
{
    [Function(nameof(ShowPractice))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PortalAdmin)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.ShowPracticeAsync(request, cancellationToken));
}
