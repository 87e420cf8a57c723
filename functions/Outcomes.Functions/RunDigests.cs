using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

/// <summary>Sends the weekly digest now, to every therapist or to one.</summary>
public sealed class RunDigests(AdminApi api)
{
    [Function(nameof(RunDigests))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/digests/run")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunDigestsAsync(request, cancellationToken);
}
