using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

/// <summary>The page behind a risk alert's acknowledge link: the alert and one button.</summary>
public sealed class ShowRiskAlert(TherapistPages pages)
{
    [Function(nameof(ShowRiskAlert))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "a/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        pages.ShowAlertAsync(request, token, cancellationToken);
}
