using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

/// <summary>A therapist's caseload page, behind the signed link in their digest and warning emails.</summary>
public sealed class ShowCaseload(TherapistPages pages)
{
    [Function(nameof(ShowCaseload))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "t/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        pages.ShowCaseloadAsync(request, token, cancellationToken);
}
