using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>The API's OpenAPI 3.1 description: the committed docs/openapi.json, which a test keeps equal to what the endpoints generate.</summary>
public sealed class ShowOpenApiDescription
{
    private static readonly string Description = OpenApiDescription.Committed();

    [Function(nameof(ShowOpenApiDescription))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenApi)] HttpRequest request) =>
        new ContentResult { Content = Description, ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
}
