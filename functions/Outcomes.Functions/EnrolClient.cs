using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

public sealed class EnrolClient(AdminApi api)
{
    [Function(nameof(EnrolClient))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Clients)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.EnrolClientAsync(request, cancellationToken));
}
