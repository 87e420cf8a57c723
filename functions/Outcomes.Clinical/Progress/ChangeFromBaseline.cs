using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Progress;

public enum ReliableChange
{
    None,
    Improvement,
    Deterioration,
}

/// <summary>
/// How a client's score on one instrument has moved since the first score of the episode
/// (clinical.md, "Change from baseline").
/// </summary>
public sealed record ChangeFromBaseline
{
    public required ScorePoint Baseline { get; init; }
    public required ScorePoint Latest { get; init; }

    /// <summary>Latest − baseline.</summary>
    public double Change => Latest.Score - Baseline.Score;

    /// <summary>Change / baseline; null when the baseline is 0.</summary>
    public double? PercentChange => Baseline.Score == 0 ? null : Change / Baseline.Score;

    /// <summary>Reliable improvement or deterioration; null when the instrument has no reliable-change threshold.</summary>
    public ReliableChange? ReliableChange { get; init; }

    /// <summary>Null when the instrument has no caseness threshold.</summary>
    public bool? CasenessAtBaseline { get; init; }

    public bool? CasenessNow { get; init; }

    /// <summary>At caseness at baseline and not now (NHS Talking Therapies).</summary>
    public bool? Recovery => CasenessAtBaseline is bool before && CasenessNow is bool now ? before && !now : null;

    /// <summary>Recovery together with reliable improvement.</summary>
    public bool? ReliableRecovery => Recovery is bool recovered && ReliableChange is Progress.ReliableChange change
        ? recovered && change == Progress.ReliableChange.Improvement
        : null;

    /// <summary>Improvement in the better direction as a share of the baseline score (negative when worse); null for a baseline of 0.</summary>
    public double? Improvement(ScoreDirection direction) => PercentChange is double pct
        ? (direction == ScoreDirection.LowerIsBetter ? -pct : pct)
        : null;

    /// <summary>Change from the first to the last point of a series (at least one point).</summary>
    public static ChangeFromBaseline Assess(Instrument instrument, IReadOnlyList<ScorePoint> series)
    {
        if (series.Count == 0)
        {
            throw new ArgumentException("A change needs at least one score.", nameof(series));
        }

        var baseline = series[0];
        var latest = series[^1];
        return new ChangeFromBaseline
        {
            Baseline = baseline,
            Latest = latest,
            ReliableChange = Classify(instrument, latest.Score - baseline.Score),
            CasenessAtBaseline = instrument.IsAtCaseness(baseline.Score),
            CasenessNow = instrument.IsAtCaseness(latest.Score),
        };
    }

    private static ReliableChange? Classify(Instrument instrument, double change)
    {
        if (instrument.ReliableChange is not double threshold)
        {
            return null;
        }

        if (Math.Abs(change) < threshold)
        {
            return Progress.ReliableChange.None;
        }

        var better = instrument.Direction == ScoreDirection.LowerIsBetter ? change < 0 : change > 0;
        return better ? Progress.ReliableChange.Improvement : Progress.ReliableChange.Deterioration;
    }
}
