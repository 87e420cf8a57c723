using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Tests;

/// <summary>
/// The published JSON Schema for instrument files (docs/instrument.schema.json), which a clinic's
/// editor checks as they type: every shipped instrument follows it, a file it refuses the loader
/// refuses too, and what it cannot see (one field naming another) the loader still checks.
/// </summary>
public class InstrumentSchemaTests
{
    private static readonly string Repository = FindRepository();
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(Repository, "docs", "instrument.schema.json")));
    private static readonly string Definitions = Path.Combine(Repository, "functions", "Outcomes.Clinical", "Instruments", "Definitions");

    public static TheoryData<string> Shipped() => new(Directory.GetFiles(Definitions, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Shipped))]
    public void ShippedInstrument_FollowsTheSchema_AndLoads(string file)
    {
        var text = File.ReadAllText(Path.Combine(Definitions, file));
        Assert.Empty(Errors(text));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), TestInstruments.Load(text, file).Id);
    }

    /// <summary>Broken copies of the check-in, each refused by the schema (naming where) and by the loader.</summary>
    public static TheoryData<string, string> Broken() => new()
    {
        { "a required field missing", """{"op": "remove", "path": "instructions"}""" },
        { "a misspelt field", """{"op": "add", "path": "casenes", "value": 10}""" },
        { "an id with capitals and a space", """{"op": "add", "path": "id", "value": "Check In"}""" },
        { "a direction that is not one", """{"op": "add", "path": "direction", "value": "down"}""" },
        { "an option value that is not whole", """{"op": "add", "path": "optionSets.yesNo.1.value", "value": 1.5}""" },
        { "a text item without its maximum length", """{"op": "remove", "path": "items.7.maxLength"}""" },
        { "a text item that is required", """{"op": "add", "path": "items.7.required", "value": true}""" },
        { "an option set of one option", """{"op": "add", "path": "optionSets.yesNo", "value": [{"value": 0, "label": "No"}]}""" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void BrokenFile_IsRefusedByTheSchemaAndByTheLoader(string what, string change)
    {
        var text = Changed(change);
        Assert.True(Errors(text).Count > 0, $"the schema let {what} through");
        Assert.Throws<InstrumentDefinitionException>(() => TestInstruments.Load(text, "checkin.json"));
    }

    [Theory]
    [InlineData("""{"op": "add", "path": "primaryScore", "value": "trust"}""", "primaryScore: 'trust' is not one of scores[].id")]
    [InlineData("""{"op": "add", "path": "items.0.options", "value": "frequency"}""", "items[0].options: 'frequency' is not one of optionSets")]
    [InlineData("""{"op": "add", "path": "trustItem", "value": "7text"}""", "trustItem: '7text' is not a choice item")]
    public void FieldNamingAnother_IsTheLoadersToCheck(string change, string problem)
    {
        // The schema sees each field alone; that one names another that is not there is the loader's finding.
        var text = Changed(change);
        Assert.Empty(Errors(text));
        var error = Assert.Throws<InstrumentDefinitionException>(() => TestInstruments.Load(text, "checkin.json"));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    private static List<string> Errors(string json)
    {
        var result = Schema.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? [] : result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).ToList() ?? ["invalid"];
    }

    /// <summary>The check-in's file with one change: remove or set the value at a dotted path (array positions as numbers).</summary>
    private static string Changed(string change)
    {
        var patch = JsonNode.Parse(change)!;
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Definitions, "checkin.json")))!;
        var path = ((string)patch["path"]!).Split('.');
        var parent = path[..^1].Aggregate(root, (node, step) => int.TryParse(step, out var i) ? node[i]! : node[step]!);
        var last = path[^1];
        if ((string)patch["op"]! == "remove")
        {
            parent.AsObject().Remove(last);
        }
        else if (int.TryParse(last, out var index))
        {
            parent[index] = patch["value"]!.DeepClone();
        }
        else
        {
            parent[last] = patch["value"]!.DeepClone();
        }

        return root.ToJsonString();
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
