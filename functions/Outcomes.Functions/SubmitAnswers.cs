using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

/// <summary>A client's answers. Anonymous: the link's token is the credential.</summary>
public sealed class SubmitAnswers(QuestionnaireApi api)
{
    [Function(nameof(SubmitAnswers))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/q/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        api.SubmitAsync(request, token, cancellationToken);
}
