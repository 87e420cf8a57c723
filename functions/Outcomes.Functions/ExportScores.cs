using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>An instrument's scores as CSV for outcomes analyze.</summary>
public sealed class ExportScores(DataApi api)
{
    [Function(nameof(ExportScores))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ExportCsv)] HttpRequest request,
        string instrument,
        CancellationToken cancellationToken) =>
        new HttpResultAction(await api.ExportCsvAsync(request, instrument, cancellationToken));
}
