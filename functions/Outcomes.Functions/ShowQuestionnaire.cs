using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

/// <summary>The questionnaire page a client opens from the emailed link.</summary>
public sealed class ShowQuestionnaire(QuestionnairePage page)
{
    [Function(nameof(ShowQuestionnaire))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "q/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        page.ShowAsync(request, token, cancellationToken);
}
