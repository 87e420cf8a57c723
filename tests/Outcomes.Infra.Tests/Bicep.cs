using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Outcomes.Infra.Tests;

/// <summary>The Bicep CLI from its NuGet package, run on the repository's infra folder.</summary>
internal static class Bicep
{
    public static readonly string Repository = FindRepository();

    private static readonly Lazy<JsonObject> Compiled = new(() =>
    {
        var output = Path.Combine(Path.GetTempPath(), $"outcomes-main-{Environment.ProcessId}.json");
        var (code, _, error) = Run("build", Path.Combine(Repository, "infra", "main.bicep"), "--outfile", output);
        if (code != 0)
        {
            throw new InvalidOperationException($"bicep build failed: {error}");
        }

        var template = JsonNode.Parse(File.ReadAllText(output))!.AsObject();
        File.Delete(output);
        return template;
    });

    /// <summary>The compiled ARM template of infra/main.bicep.</summary>
    public static JsonObject Template => Compiled.Value;

    /// <summary>Every resource of the template and of its nested deployments.</summary>
    public static List<JsonObject> Resources(JsonObject? template = null)
    {
        var all = new List<JsonObject>();
        foreach (var resource in (template ?? Template)["resources"]!.AsArray().Select(r => r!.AsObject()))
        {
            all.Add(resource);
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                all.AddRange(Resources(nested));
            }
        }

        return all;
    }

    /// <summary>The resources module (the nested deployment's template).</summary>
    public static JsonObject Module => Resources().Single(r => (string?)r["type"] == "Microsoft.Resources/deployments")["properties"]!["template"]!.AsObject();

    public static List<JsonObject> OfType(string type) => Resources().Where(r => (string?)r["type"] == type).ToList();

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var path = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
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
