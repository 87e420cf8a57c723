using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>A risk alert's page; a GET never acknowledges.</summary>
public sealed class ShowRiskAlert(TherapistPages pages)
{
    [Function(nameof(ShowRiskAlert))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RiskAlert)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.ShowAlertAsync(request, token, cancellationToken));
}
