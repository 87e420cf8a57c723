using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api.Portal;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>The provider's redirect back after sign-in: the code is redeemed (with PKCE) and the portal session starts.</summary>
public sealed class CompleteSignIn
{
    [Function(nameof(CompleteSignIn))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SignInCallback)] HttpRequest request) =>
        new HttpResultAction(await PortalPages.CompleteSignInAsync(request.HttpContext));
}
