using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>A therapist's caseload page from a digest's signed link.</summary>
public sealed class ShowCaseload(TherapistPages pages)
{
    [Function(nameof(ShowCaseload))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Caseload)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.ShowCaseloadAsync(request, token, cancellationToken));
}
