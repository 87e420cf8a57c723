using System.Text.Json;
using Outcomes.Clinical.Scoring;

namespace Outcomes.Storage;

/// <summary>The JSON kept in table properties: answers and computed scores.</summary>
internal static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static string Answers(IReadOnlyDictionary<string, AnswerSet> answers) => JsonSerializer.Serialize(answers, Options);

    public static Dictionary<string, AnswerSet> Answers(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, AnswerSet>>(json, Options) ?? [];

    public static string Scores(IReadOnlyList<InstrumentScore> scores) => JsonSerializer.Serialize(scores, Options);

    public static List<InstrumentScore> Scores(string json) => JsonSerializer.Deserialize<List<InstrumentScore>>(json, Options) ?? [];

    public static string Of<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string? json, T empty) => string.IsNullOrEmpty(json) ? empty : JsonSerializer.Deserialize<T>(json, Options) ?? empty;
}
