using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

/// <summary>The questionnaire's form post, on the same submit service as the JSON API.</summary>
public sealed class SubmitQuestionnaire(QuestionnairePage page)
{
    [Function(nameof(SubmitQuestionnaire))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "q/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        page.SubmitAsync(request, token, cancellationToken);
}
