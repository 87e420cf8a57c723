using System.Text.Json;
using Outcomes.Hosting.Endpoints;

namespace Outcomes.Functions.Tests;

/// <summary>What the Functions host will load: the generated functions.metadata and host.json in the build output.</summary>
public class FunctionsMetadataTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly string Repository = FindRepository();
    private static readonly string Output = Path.Combine(Repository, "functions", "Outcomes.Functions", "bin", Configuration, "net10.0");

    /// <summary>The endpoint table, as the Functions host should write each entry: name, trigger, methods, route, auth level, queue/connection, schedule.</summary>
    public static TheoryData<string, string, string?, string?, string?, string?, string?> Expected()
    {
        var rows = new TheoryData<string, string, string?, string?, string?, string?, string?>();
        foreach (var http in OutcomesEndpoints.Http)
        {
            rows.Add(http.Name, "httpTrigger", http.Method.ToLowerInvariant(), http.Route, http.Access == Access.AdminKey ? "Function" : "Anonymous", null, null);
        }

        foreach (var queue in OutcomesEndpoints.Queues)
        {
            rows.Add(queue.Name, "queueTrigger", null, null, null, $"{queue.Queue}/OutcomesQueues", null);
        }

        foreach (var timer in OutcomesEndpoints.Timers)
        {
            rows.Add(timer.Name, "timerTrigger", null, null, null, null, $"%{timer.Setting}%");
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Function_HasItsTriggerRouteAuthQueueAndSchedule(string name, string trigger, string? methods, string? route, string? authLevel, string? queue, string? schedule)
    {
        var function = Functions().Single(f => f.GetProperty("name").GetString() == name);
        Assert.Equal($"Outcomes.Functions.{name}.Run", function.GetProperty("entryPoint").GetString());
        var binding = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");
        Assert.Equal(trigger, binding.GetProperty("type").GetString());
        Assert.Equal(methods, binding.TryGetProperty("methods", out var m) ? string.Join(",", m.EnumerateArray().Select(x => x.GetString())) : null);
        Assert.Equal(route, binding.TryGetProperty("route", out var r) ? r.GetString() : null);
        Assert.Equal(authLevel, binding.TryGetProperty("authLevel", out var a) ? a.GetString() : null);
        Assert.Equal(queue, binding.TryGetProperty("queueName", out var q) ? $"{q.GetString()}/{binding.GetProperty("connection").GetString()}" : null);
        Assert.Equal(schedule, binding.TryGetProperty("schedule", out var s) ? s.GetString() : null);
    }

    [Fact]
    public void Metadata_HasExactlyTheTablesFunctions()
    {
        Assert.Equal(Expected().Select(row => (string)row[0]).Order(), Functions().Select(f => f.GetProperty("name").GetString()!).Order());
    }

    [Fact]
    public void OpenApiDescription_IsEmbeddedAsCommitted()
    {
        // What the Functions app serves at api/openapi.json: the committed document, byte for byte.
        Assert.Equal(File.ReadAllText(Path.Combine(Repository, "docs", "openapi.json")), Api.OpenApiDescription.Committed());
    }

    [Fact]
    public void HostJson_InTheOutputIsTheRepositoryRootsWithTheQueueAndRouteSettings()
    {
        var output = File.ReadAllText(Path.Combine(Output, "host.json"));
        Assert.Equal(File.ReadAllText(Path.Combine(Repository, "host.json")), output);
        using var host = JsonDocument.Parse(output);
        var extensions = host.RootElement.GetProperty("extensions");
        Assert.Equal("", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        var queues = extensions.GetProperty("queues");
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.True(TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= TimeSpan.FromSeconds(5));
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void HostJson_KeepsRequestUrlsOutOfApplicationInsights()
    {
        // /q/, /a/ and /t/ URLs carry bearer tokens; the host records URLs unless this is off.
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "host.json")));
        var collection = host.RootElement.GetProperty("logging").GetProperty("applicationInsights").GetProperty("httpAutoCollectionOptions");
        Assert.False(collection.GetProperty("enableHttpTriggerExtendedInfoCollection").GetBoolean());
    }

    private static List<JsonElement> Functions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "functions.metadata")));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static string FindRepository()
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
