namespace Outcomes.Clinical.Statistics;

/// <summary>Mean and sample standard deviation, computed as R computes them (two passes), so that
/// comparisons against the published R implementations agree to the last bit wherever they can.</summary>
public static class SampleStatistics
{
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / values.Length;

        // R refines the mean with a second pass over the residuals.
        var residual = 0.0;
        foreach (var v in values)
        {
            residual += v - mean;
        }

        return mean + (residual / values.Length);
    }

    /// <summary>Sample variance (n - 1 in the denominator); NaN for fewer than two values.</summary>
    public static double Variance(ReadOnlySpan<double> values)
    {
        if (values.Length < 2)
        {
            return double.NaN;
        }

        var mean = Mean(values);
        var squares = 0.0;
        foreach (var v in values)
        {
            var d = v - mean;
            squares += d * d;
        }

        return squares / (values.Length - 1);
    }

    /// <summary>Sample standard deviation (n - 1 in the denominator); NaN for fewer than two values.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values) => Math.Sqrt(Variance(values));

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
