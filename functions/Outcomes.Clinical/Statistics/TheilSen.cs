namespace Outcomes.Clinical.Statistics;

/// <summary>The Theil–Sen slope: the median of the slopes between every pair of points. Robust to one odd answer.</summary>
public static class TheilSen
{
    /// <summary>Slope per step of a series measured at equally spaced steps 0, 1, 2, …</summary>
    public static double Slope(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            throw new ArgumentException("A slope needs at least two values.", nameof(values));
        }

        var slopes = new List<double>(values.Count * (values.Count - 1) / 2);
        for (var i = 0; i < values.Count; i++)
        {
            for (var j = i + 1; j < values.Count; j++)
            {
                slopes.Add((values[j] - values[i]) / (j - i));
            }
        }

        return SampleStatistics.Median(slopes);
    }
}
