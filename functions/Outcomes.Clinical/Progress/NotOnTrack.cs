using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Progress;

/// <summary>
/// The project's own screen for early non-response (clinical.md, "Not on track"); a transparent
/// rule of thumb, not the OQ-45's licensed expected-recovery curves.
/// </summary>
public static class NotOnTrack
{
    /// <summary>
    /// Reliable deterioration at any time; or, from four weeks after baseline, still at caseness
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
