namespace Outcomes.Clinical.Scoring;

/// <summary>One client's answers to one instrument: choice values and free text, by item id.</summary>
public sealed record AnswerSet(IReadOnlyDictionary<string, int> Choices, IReadOnlyDictionary<string, string> Texts)
{
    public static AnswerSet FromChoices(IReadOnlyDictionary<string, int> choices) =>
        new(choices, new Dictionary<string, string>());

    /// <summary>Choice values given in item order (items 1..n), as the JSON API's arrays carry them.</summary>
    public static AnswerSet FromValues(params int[] values) =>
        FromChoices(values.Select((v, i) => (Id: (i + 1).ToString(), Value: v)).ToDictionary(p => p.Id, p => p.Value));
}

/// <summary>What is wrong with one answer; ItemId is null when the problem is the whole answer set.</summary>
public sealed record AnswerProblem(string InstrumentId, string? ItemId, string Message)
{
    public override string ToString() => ItemId is null ? $"{InstrumentId}: {Message}" : $"{InstrumentId} item {ItemId}: {Message}";
}
