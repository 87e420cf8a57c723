using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Sends the weekly digest now, to every therapist or to one.</summary>
public sealed class RunDigests(AdminApi api)
{
    [Function(nameof(RunDigests))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Digests)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.RunDigestsAsync(request, cancellationToken));
}
