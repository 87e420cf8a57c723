using Outcomes.Clinical.Statistics;

namespace Outcomes.Clinical.Engagement;

public enum TrendDirection
{
    Falling,
    Steady,
    Rising,
}

/// <summary>How openly the client has engaged over the last check-ins (clinical.md, "Openness trend").</summary>
public sealed record OpennessTrend(TrendDirection Direction, double SlopePerCheckIn, int CheckIns)
{
    /// <summary>
    /// The Theil–Sen slope of openness over the last check-ins (4; at least 3): rising at ≥ +0.5
    /// per check-in, falling at ≤ −0.5, else steady. Null with too few check-ins.
    /// </summary>
    public static OpennessTrend? Assess(IReadOnlyList<double> openness, ClinicalSettings settings)
    {
        if (openness.Count < settings.OpennessMinimumCheckIns)
        {
            return null;
        }

        var window = openness.Skip(Math.Max(0, openness.Count - settings.OpennessWindow)).ToList();
        var slope = TheilSen.Slope(window);
        var direction = slope >= settings.OpennessSlope ? TrendDirection.Rising
            : slope <= -settings.OpennessSlope ? TrendDirection.Falling
            : TrendDirection.Steady;
        return new OpennessTrend(direction, slope, window.Count);
    }
}
