using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Changes a therapist's digest day and hour, and where their good news goes, from the practice page.</summary>
public sealed class ChangeTherapistInPortal(AdminPages pages)
{
    [Function(nameof(ChangeTherapistInPortal))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PortalAdminTherapist)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.ChangeTherapistAsync(request, id, cancellationToken));
}
