using System.Text.Json;
using System.Text.Json.Serialization;

namespace Outcomes.Clinical.Instruments;

// The JSON shape of an instrument definition file. Every property is nullable so that the
// loader, not the serializer, reports what is missing, naming the field.
internal sealed class InstrumentDefinitionFile
{
    /// <summary>The published schema (docs/instrument.schema.json), for editors; not read.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public string? Id { get; set; }
    public string? Version { get; set; }
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Instructions { get; set; }
    public string? Copyright { get; set; }
    public string? Notice { get; set; }
    public bool? Validated { get; set; }
    public Dictionary<string, List<OptionFile?>?>? OptionSets { get; set; }
    public List<ItemFile?>? Items { get; set; }
    public List<ScoreFile?>? Scores { get; set; }
    public string? PrimaryScore { get; set; }
    public string? Direction { get; set; }
    public List<BandFile?>? Bands { get; set; }
    public double? Caseness { get; set; }
    public double? ReliableChange { get; set; }
    public List<RiskItemFile?>? RiskItems { get; set; }
    public string? TrustItem { get; set; }
    public string? BreakthroughItem { get; set; }

    internal sealed class OptionFile
    {
        public int? Value { get; set; }
        public string? Label { get; set; }
    }

    internal sealed class ItemFile
    {
        public string? Id { get; set; }
        public string? Text { get; set; }
        public string? Kind { get; set; }
        public string? Options { get; set; }
        public bool? Required { get; set; }
        public string? Domain { get; set; }
        public int? MaxLength { get; set; }
    }

    internal sealed class ScoreFile
    {
        public string? Id { get; set; }
        public string? Label { get; set; }
        public List<string?>? Items { get; set; }
    }

    internal sealed class BandFile
    {
        public string? Label { get; set; }
        public double? Min { get; set; }
        public double? Max { get; set; }
    }

    internal sealed class RiskItemFile
    {
        public string? Item { get; set; }
        public int? Above { get; set; }
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(InstrumentDefinitionFile))]
internal sealed partial class InstrumentDefinitionJsonContext : JsonSerializerContext;
