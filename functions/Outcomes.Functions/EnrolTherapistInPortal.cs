using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Enrols a therapist from the practice page.</summary>
public sealed class EnrolTherapistInPortal(AdminPages pages)
{
    [Function(nameof(EnrolTherapistInPortal))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PortalTherapists)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.EnrolTherapistAsync(request, cancellationToken));
}
