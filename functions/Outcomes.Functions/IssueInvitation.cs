using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

public sealed class IssueInvitation(AdminApi api)
{
    [Function(nameof(IssueInvitation))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/clients/{id}/invitations")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.IssueInvitationAsync(request, id, cancellationToken);
}
