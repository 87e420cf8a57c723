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
    /// <summary>How far openness stands below the client's own start, when that drop alone makes it falling (a slow, steady slide the last four check-ins' slope misses); null otherwise.</summary>
    public double? DropFromStart { get; init; }

    /// <summary>
    /// The Theil–Sen slope of openness over the last check-ins (4; at least 3): rising at ≥ +0.5
    /// per check-in, falling at ≤ −0.5, else steady; and falling too when the last two check-ins
    /// are both ≥ 3 points below the client's start (the median of their first three). Null with too few check-ins.
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

        // A large drop from the client's own start, held over the last two check-ins (one low week is not a trend).
        double? drop = null;
        if (direction != TrendDirection.Falling && openness.Count >= 5)
        {
            var start = SampleStatistics.Median(openness.Take(3).ToList());
            var fromStart = start - Math.Max(openness[^1], openness[^2]);
            if (fromStart >= settings.OpennessLargeDrop)
            {
                direction = TrendDirection.Falling;
                drop = fromStart;
            }
        }

        return new OpennessTrend(direction, slope, window.Count) { DropFromStart = drop };
    }
}
