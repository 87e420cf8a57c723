using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

public sealed class EnrolTherapist(AdminApi api)
{
    [Function(nameof(EnrolTherapist))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Therapists)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.EnrolTherapistAsync(request, cancellationToken));
}
