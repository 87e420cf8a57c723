using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Progress;

/// <summary>Which rule decides "not on track" (<c>Outcomes:Clinical:NotOnTrackRule</c>).</summary>
public enum NotOnTrackRule
{
    /// <summary>Worse than 9 in 10 similar clients at the same check-in (docs/clinical-rules.md, "Expected recovery"); the rule of thumb where no reference applies.</summary>
    ExpectedRecovery,

    /// <summary>The project's rule of thumb alone: less than 20 % improvement from four weeks on.</summary>
    RuleOfThumb,
}

/// <summary>
/// Early non-response (docs/clinical-rules.md, "Not on track" and "Expected recovery"): by default
/// against the expected recovery of similar clients; the project's own rule of thumb where that
/// does not apply, or by setting.
/// </summary>
public static class NotOnTrack
{
    /// <summary>
    /// Against expected recovery: reliable deterioration at any time; from check-in
    /// <see cref="ClinicalSettings.ExpectedRecoveryFrom"/> on, a score outside the path of 9 in 10
    /// clients who started at the same baseline (<paramref name="series"/>: the baseline first, this check-in last).
    /// </summary>
    public static bool? Assess(Instrument instrument, IReadOnlyList<ScorePoint> series, Trajectories.ExpectedRecovery expected, ClinicalSettings settings)
    {
        var change = ChangeFromBaseline.Assess(instrument, series);
        if (change.ReliableChange is null)
        {
            return null;
        }

        return change.ReliableChange == ReliableChange.Deterioration
            || (series.Count >= settings.ExpectedRecoveryFrom && expected.IsOffTrack(instrument, series.Count, change.Baseline.Score, change.Latest.Score));
    }

    /// <summary>Back on track after being off it: at the expected median path or better at <paramref name="checkIn"/>.</summary>
    public static bool IsBackOnTrack(Instrument instrument, Trajectories.ExpectedRecovery expected, int checkIn, double baseline, double score) =>
        expected.RangeAt(instrument, checkIn, baseline) is not { } range
        || (instrument.Direction == ScoreDirection.LowerIsBetter ? score <= range.Median : score >= range.Median);

    /// <summary>
    /// The rule of thumb: reliable deterioration at any time; or, from four weeks after baseline, still at caseness
    /// with less than 20 % improvement on the baseline score (or worse). Null for an instrument
    /// without caseness and reliable-change thresholds.
    /// </summary>
    public static bool? Assess(Instrument instrument, ChangeFromBaseline change, ClinicalSettings settings)
    {
        if (change.ReliableChange is null || change.CasenessNow is null)
        {
            return null;
        }

        if (change.ReliableChange == ReliableChange.Deterioration)
        {
            return true;
        }

        if (change.Latest.At - change.Baseline.At < settings.NotOnTrackAfter || change.CasenessNow == false)
        {
            return false;
        }

        // A baseline of 0 has no share to improve by; any worsening from it is off track.
        var improvement = change.Improvement(instrument.Direction)
            ?? (change.Change == 0 ? 0 : double.NegativeInfinity);
        return improvement < settings.NotOnTrackMinimumImprovement;
    }
}
