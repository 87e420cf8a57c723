using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

public sealed class EnrolTherapist(AdminApi api)
{
    [Function(nameof(EnrolTherapist))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/therapists")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.EnrolTherapistAsync(request, cancellationToken);
}
