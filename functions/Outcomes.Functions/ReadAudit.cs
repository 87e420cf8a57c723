using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>The audit log, newest first.</summary>
public sealed class ReadAudit(DataApi api)
{
    [Function(nameof(ReadAudit))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Audit)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.ReadAuditAsync(request, cancellationToken));
}
