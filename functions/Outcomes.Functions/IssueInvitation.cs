using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

public sealed class IssueInvitation(AdminApi api)
{
    [Function(nameof(IssueInvitation))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.ClientInvitations)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.IssueInvitationAsync(request, id, cancellationToken));
}
