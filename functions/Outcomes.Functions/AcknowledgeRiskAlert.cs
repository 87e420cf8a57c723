using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Acknowledges a risk alert from its signed link.</summary>
public sealed class AcknowledgeRiskAlert(TherapistPages pages)
{
    [Function(nameof(AcknowledgeRiskAlert))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RiskAlert)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await pages.AcknowledgeAsync(request, token, cancellationToken));
}
