using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>The admin's page of the audit log.</summary>
public sealed class ShowAudit(AdminPages pages)
{
    [Function(nameof(ShowAudit))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PortalAudit)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.ShowAuditAsync(request, cancellationToken));
}
