namespace Outcomes.Clinical.Scoring;

/// <summary>The scores of one completed instrument and what they mean.</summary>
public sealed record InstrumentScore
{
    public required string InstrumentId { get; init; }
    public required string InstrumentVersion { get; init; }

    /// <summary>Every score the instrument defines (total, subscales), by score id.</summary>
    public required IReadOnlyDictionary<string, double> Scores { get; init; }

    /// <summary>The instrument's primary score (PHQ-9 total, check-in openness).</summary>
    public required double Primary { get; init; }

    public string? Band { get; init; }
    public bool? AtCaseness { get; init; }

    /// <summary>Ids of items answered at a risk level (PHQ-9 item 9 above 0).</summary>
    public required IReadOnlyList<string> RiskItems { get; init; }

    public bool HasRiskAnswer => RiskItems.Count > 0;

    /// <summary>The trust item's answer, where the instrument has one (the check-in).</summary>
    public int? Trust { get; init; }

    /// <summary>The client said yes to the breakthrough ("aha") question.</summary>
    public bool Breakthrough { get; init; }
}
