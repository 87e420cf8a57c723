using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>A client's answers. Anonymous: the link's token is the credential.</summary>
public sealed class SubmitAnswers(QuestionnaireApi api)
{
    [Function(nameof(SubmitAnswers))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Answers)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.SubmitAsync(request, token, cancellationToken));
}
