using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Hosting;

namespace Outcomes.Functions.Tests;

/// <summary>
/// The trigger classes written from the endpoint table at build time, run as the worker runs them:
/// each hands its request to the table's handler of the same name, with the route's values bound.
/// </summary>
public class GeneratedTriggersTests
{
    private static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OutcomesTables"] = "UseDevelopmentStorage=true",
            ["OutcomesQueues"] = "UseDevelopmentStorage=true",
            ["Outcomes:PublicBaseUrl"] = "https://outcomes.clinic.example",
        }).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddOutcomes(configuration)
            .AddSingleton<EndpointTable>().BuildServiceProvider();
    }

    private static DefaultHttpContext Request(IServiceProvider services, string method, string path) => new()
    {
        RequestServices = services,
        Request = { Method = method, Scheme = "https", Host = new HostString("outcomes.clinic.example"), Path = path },
        Response = { Body = new MemoryStream() },
    };

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    [Fact]
    public async Task QuestionnaireTrigger_RunsTheTablesPage_WithTheTokenFromTheRoute()
    {
        await using var services = Services();
        var context = Request(services, "GET", "/q/not-a-real-link");

        await new ShowQuestionnaire(services.GetRequiredService<EndpointTable>()).Run(context.Request, "not-a-real-link");

        // The questionnaire page's own answer to a forged link: 404, a page that says how to reach the clinic.
        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.StartsWith("text/html", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("This link does not work", Body(context), StringComparison.Ordinal);
        Assert.Equal("not-a-real-link", context.Request.RouteValues["token"]);
    }

    [Fact]
    public async Task OpenApiTrigger_ServesTheCommittedDescription()
    {
        await using var services = Services();
        var context = Request(services, "GET", "/api/openapi.json");

        await new ShowOpenApiDescription(services.GetRequiredService<EndpointTable>()).Run(context.Request);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        Assert.Equal(Api.OpenApiDescription.Committed(), Body(context));
    }
}
