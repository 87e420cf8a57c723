using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

/// <summary>Records that the therapist or the duty contact has seen a risk alert.</summary>
public sealed class AcknowledgeRiskAlert(TherapistPages pages)
{
    [Function(nameof(AcknowledgeRiskAlert))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        pages.AcknowledgeAsync(request, token, cancellationToken);
}
