using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Outcomes.Hosting.Endpoints;
using Outcomes.Local;
using Outcomes.Local.SignIn;

namespace Outcomes.Integration.Tests;

/// <summary>
/// The two hosts cannot drift: the local host's endpoints — its routes as Kestrel serves them, its
/// queue processors and timers as they run — are exactly the Functions app's generated
/// functions.metadata. And the OpenAPI description the endpoints generate is the committed one.
/// </summary>
public sealed class HostEndpointsTests : IAsyncLifetime
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private const string UpdateSetting = "OUTCOMES_UPDATE_OPENAPI";

    private LocalHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await LocalHost.StartAsync(["--urls", "http://127.0.0.1:0"], TextWriter.Null, CancellationToken.None, new LocalHostOptions { RunTimers = true });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void LocalHost_ServesExactlyTheFunctionsAppsEndpoints()
    {
        var local = new List<string>();
        foreach (var endpoint in ((IEndpointRouteBuilder)_host.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<LocalOnly>() is not null)
            {
                continue; // the local sign-in provider: Azure has Entra ID instead
            }

            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "(unnamed)";
            var methods = string.Join(",", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Select(m => m.ToLowerInvariant()) ?? ["(any)"]);
            var access = endpoint.Metadata.OfType<Access>().Cast<Access?>().LastOrDefault() switch
            {
                Access.AdminKey => "Function",
                Access.Anonymous or Access.Portal => "Anonymous", // the portal checks its own session
                _ => "(no access metadata)",
            };
            local.Add($"{name} httpTrigger {methods} {endpoint.RoutePattern.RawText!.TrimStart('/')} {access}");
        }

        var hosted = _host.Services.GetServices<IHostedService>().ToList();
        local.AddRange(hosted.OfType<QueueProcessor>().Select(q => $"{q.Function} queueTrigger {q.Queue}"));
        local.AddRange(hosted.OfType<ScheduledRun>().Select(t => $"{t.Function} timerTrigger %{t.Setting}%"));

        Assert.Equal(FunctionsApp().Order(StringComparer.Ordinal), local.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LocalHost_RunsEachTimerOnTheTablesDefaultSchedule()
    {
        var timers = _host.Services.GetServices<IHostedService>().OfType<ScheduledRun>().ToDictionary(t => t.Setting, t => t.Schedule);
        Assert.Equal(OutcomesEndpoints.Timers.ToDictionary(t => t.Setting, t => t.DefaultSchedule), timers);
    }

    [Fact]
    public async Task OpenApiDescription_IsGeneratedFromTheEndpointsAndCommitted()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        var response = await http.GetAsync("/api/openapi.json");
        response.EnsureSuccessStatusCode();
        var generated = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

        var committed = Path.Combine(Repository(), "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable(UpdateSetting) == "1")
        {
            await File.WriteAllTextAsync(committed, generated);
        }

        Assert.True(
            File.Exists(committed) && generated == await File.ReadAllTextAsync(committed),
            $"docs/openapi.json is not what the endpoints generate; regenerate it with {UpdateSetting}=1 dotnet test --filter {nameof(OpenApiDescription_IsGeneratedFromTheEndpointsAndCommitted)} and commit it.");

        using var document = JsonDocument.Parse(generated);
        Assert.StartsWith("3.1", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/admin/therapists", out _));
        Assert.False(paths.TryGetProperty("/q/{token}", out _), "pages are not part of the API description");
    }

    /// <summary>Each function in the Functions app's build output, written as the local host's endpoints are.</summary>
    private static List<string> FunctionsApp()
    {
        var metadata = Path.Combine(Repository(), "functions", "Outcomes.Functions", "bin", Configuration, "net10.0", "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(metadata));
        return document.RootElement.EnumerateArray().Select(function =>
        {
            var name = function.GetProperty("name").GetString();
            var binding = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");
            var type = binding.GetProperty("type").GetString();
            return type switch
            {
                "httpTrigger" => $"{name} {type} {string.Join(",", binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()))} {binding.GetProperty("route").GetString()} {binding.GetProperty("authLevel").GetString()}",
                "queueTrigger" => $"{name} {type} {binding.GetProperty("queueName").GetString()}",
                _ => $"{name} {type} {binding.GetProperty("schedule").GetString()}",
            };
        }).ToList();
    }

    private static string Repository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Outcomes.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Outcomes.sln not found above the test output.");
    }
}
