using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>The questionnaire page's form post.</summary>
public sealed class SubmitQuestionnaire(QuestionnairePage page)
{
    [Function(nameof(SubmitQuestionnaire))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Questionnaire)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await page.SubmitAsync(request, token, cancellationToken));
}
