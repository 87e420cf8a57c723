using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Trajectories;

/// <summary>One episode of care on one measure: its scores in check-in order, the baseline first, and when each was given (for the rule of thumb's weeks).</summary>
public sealed record Episode(string Id, IReadOnlyList<double> Scores, IReadOnlyList<DateTimeOffset>? At = null);

/// <summary>The expected score at one check-in, given the baseline: the 10th, 50th and 90th percentile lines, fitted on <see cref="Episodes"/> episodes.</summary>
public sealed record ExpectedStep(int CheckIn, QuantileLine P10, QuantileLine P50, QuantileLine P90, int Episodes);

/// <summary>Where a client is expected to be at a check-in: the middle 80 % of similar clients, and the median.</summary>
public sealed record ExpectedRange(int CheckIn, double Low, double Median, double High);

/// <summary>
/// Expected recovery on one measure (docs/clinical-rules.md, "Expected recovery"): for each check-in
/// number from the second, the 10th, 50th and 90th percentile of the score given the baseline score,
/// by linear quantile regression over completed episodes that began at caseness. <see cref="Source"/>
/// says what it was fitted on; <see cref="IsSynthetic"/> marks the documented synthetic reference,
/// which every chart and email says it is.
/// </summary>
public sealed record ExpectedRecovery(string InstrumentId, string Source, bool IsSynthetic, int Episodes, IReadOnlyList<ExpectedStep> Steps)
{
    /// <summary>Check-ins fitted at most; beyond the last step fitted, its lines hold.</summary>
    public const int MaxCheckIns = 12;

    /// <summary>An episode counts as completed when the client was discharged, or once it has this many check-ins on the measure.</summary>
    public const int CompletedCheckIns = 6;

    /// <summary>A check-in is fitted only with at least this many episodes that reached it.</summary>
    public const int MinEpisodesPerStep = 20;

    /// <summary>How a chart or an email names the reference: never the clinic's own when it is not.</summary>
    public string Label => IsSynthetic ? "expected range (synthetic reference, not this clinic's clients)" : $"expected range ({Source})";

    /// <summary>The expected range at <paramref name="checkIn"/> (from 2) for a client who started at <paramref name="baseline"/>, within the measure's scale; null before check-in 2 or without a fitted step.</summary>
    public ExpectedRange? RangeAt(Instrument instrument, int checkIn, double baseline)
    {
        if (checkIn < 2 || Steps.Count == 0)
        {
            return null;
        }

        var step = Steps.LastOrDefault(s => s.CheckIn <= checkIn) ?? Steps[0];
        double Clamp(double value) => Math.Round(Math.Clamp(value, instrument.PrimaryScore.Min, instrument.PrimaryScore.Max), 1);

        // Lines fitted apart may cross far from the data: the range is always ordered.
        double[] values = [Clamp(step.P10.At(baseline)), Clamp(step.P50.At(baseline)), Clamp(step.P90.At(baseline))];
        Array.Sort(values);
        return new ExpectedRange(checkIn, values[0], values[1], values[2]);
    }

    /// <summary>Whether a client who began at <paramref name="baseline"/> is where this reference applies: at caseness (or, for a measure without caseness, anywhere).</summary>
    public static bool Applies(Instrument instrument, double baseline) => instrument.IsAtCaseness(baseline) != false;

    /// <summary>
    /// Fits the bands from <paramref name="episodes"/> (each in check-in order, the baseline first):
    /// only those that began at caseness count, and a check-in is fitted only while at least
    /// <see cref="MinEpisodesPerStep"/> episodes reached it.
    /// </summary>
    public static ExpectedRecovery Fit(Instrument instrument, IEnumerable<Episode> episodes, string source, bool isSynthetic = false)
    {
        var used = episodes.Where(e => e.Scores.Count >= 2 && Applies(instrument, e.Scores[0])).ToList();
        var steps = new List<ExpectedStep>();
        for (var k = 2; k <= MaxCheckIns; k++)
        {
            var points = used.Where(e => e.Scores.Count >= k).Select(e => (X: e.Scores[0], Y: e.Scores[k - 1])).ToList();
            if (points.Count < MinEpisodesPerStep)
            {
                break;
            }

            steps.Add(new ExpectedStep(k, QuantileRegression.Fit(points, 0.1), QuantileRegression.Fit(points, 0.5), QuantileRegression.Fit(points, 0.9), points.Count));
        }

        return new ExpectedRecovery(instrument.Id, source, isSynthetic, used.Count, steps);
    }

    /// <summary>
    /// Off the expected path at <paramref name="checkIn"/>: worse than 9 in 10 similar clients were
    /// (above the 90th percentile where lower is better, below the 10th where higher is better).
    /// </summary>
    public bool IsOffTrack(Instrument instrument, int checkIn, double baseline, double score) =>
        RangeAt(instrument, checkIn, baseline) is { } range
        && (instrument.Direction == ScoreDirection.LowerIsBetter ? score > range.High : score < range.Low);
}
