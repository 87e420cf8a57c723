namespace Outcomes.Clinical.Instruments;

/// <summary>
/// A questionnaire as the clinic uses it: items, response options, how it is scored and what its
/// scores mean. Built only by <see cref="InstrumentLoader"/>, which validates every field.
/// </summary>
public sealed record Instrument
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Instructions { get; init; }
    public string? Copyright { get; init; }
    public string? Notice { get; init; }
    public required bool Validated { get; init; }
    public required IReadOnlyList<InstrumentItem> Items { get; init; }
    public required IReadOnlyList<ScoreDefinition> Scores { get; init; }
    public required ScoreDefinition PrimaryScore { get; init; }
    public required ScoreDirection Direction { get; init; }
    public required IReadOnlyList<Band> Bands { get; init; }

    /// <summary>The primary score at which a client counts as a clinical case; null when the instrument has none.</summary>
    public double? Caseness { get; init; }

    /// <summary>The smallest change of the primary score that counts as reliable; null when the instrument has none.</summary>
    public double? ReliableChange { get; init; }

    public required IReadOnlyList<RiskItem> RiskItems { get; init; }

    /// <summary>The item whose drop signals a strained alliance (the check-in's trust item).</summary>
    public string? TrustItem { get; init; }

    /// <summary>A yes/no item whose "yes" is a client-reported breakthrough.</summary>
    public string? BreakthroughItem { get; init; }

    public InstrumentItem? FindItem(string itemId) => Items.FirstOrDefault(i => i.Id == itemId);

    /// <summary>The band a primary score falls in, or null for an instrument without bands.</summary>
    public Band? BandFor(double primaryScore) =>
        Bands.FirstOrDefault(b => primaryScore >= b.Min && primaryScore <= b.Max);

    /// <summary>
    /// Whether a primary score is at caseness: at or above the threshold when lower is better,
    /// at or below it when higher is better. Null when the instrument defines no caseness.
    /// </summary>
    public bool? IsAtCaseness(double primaryScore) => Caseness switch
    {
        null => null,
        double threshold => Direction == ScoreDirection.LowerIsBetter ? primaryScore >= threshold : primaryScore <= threshold,
    };
}

public enum ScoreDirection
{
    LowerIsBetter,
    HigherIsBetter,
}

public enum ItemKind
{
    /// <summary>One of the item's response options, given as its value.</summary>
    Choice,

    /// <summary>Free text, never scored.</summary>
    Text,
}

public sealed record InstrumentItem(
    string Id,
    string Text,
    ItemKind Kind,
    IReadOnlyList<ResponseOption> Options,
    bool Required,
    string? Domain,
    int? MaxLength)
{
    public bool Allows(int value) => Options.Any(o => o.Value == value);
}

public sealed record ResponseOption(int Value, string Label);

/// <summary>A named sum of items, such as a total or the check-in's openness.</summary>
public sealed record ScoreDefinition(string Id, string Label, IReadOnlyList<string> Items, double Min, double Max);

public sealed record Band(string Label, double Min, double Max);

/// <summary>An answer to this item above <see cref="Above"/> is a risk answer (PHQ-9 item 9 &gt; 0).</summary>
public sealed record RiskItem(string Item, int Above);
