using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>The questionnaire page. Anonymous: the link's token is the credential.</summary>
public sealed class ShowQuestionnaire(QuestionnairePage page)
{
    [Function(nameof(ShowQuestionnaire))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Questionnaire)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await page.ShowAsync(request, token, cancellationToken));
}
