using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;

namespace Outcomes.Functions;

public sealed class EnrolClient(AdminApi api)
{
    [Function(nameof(EnrolClient))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/clients")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.EnrolClientAsync(request, cancellationToken);
}
