using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Imports a caseload from CSV; every row checked first, nothing written unless all are valid.</summary>
public sealed class ImportClients(DataApi api)
{
    [Function(nameof(ImportClients))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.ClientsImport)] HttpRequest request,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.ImportClientsAsync(request, cancellationToken));
}
