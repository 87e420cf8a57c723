namespace Outcomes.Clinical.Trajectories;

/// <summary>A straight line: the expected score at a check-in given the baseline score.</summary>
public sealed record QuantileLine(double Intercept, double Slope)
{
    public double At(double baseline) => Intercept + (Slope * baseline);
}

/// <summary>
/// Linear quantile regression (Koenker &amp; Bassett 1978) of one predictor: the line minimising the
/// check loss Σ ρτ(y − a − c·x), ρτ(u) = u·(τ − [u &lt; 0]). For a fixed slope c the best intercept
/// is the τ-quantile of y − c·x, and the loss left is convex in c, so a golden-section search over
/// c finds the minimum; no solver library is served here, and two parameters need none.
/// </summary>
public static class QuantileRegression
{
    private const double MinSlope = -5;
    private const double MaxSlope = 5;

    public static QuantileLine Fit(IReadOnlyList<(double X, double Y)> points, double tau)
    {
        if (points.Count == 0)
        {
            throw new ArgumentException("A fit needs at least one point.", nameof(points));
        }

        if (tau is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "τ lies strictly between 0 and 1.");
        }

        if (points.All(p => p.X == points[0].X))
        {
            return new QuantileLine(Quantile(points.Select(p => p.Y), tau), 0);
        }

        // Golden-section search on a convex function: the bracket shrinks by 0.618 each step.
        var golden = (Math.Sqrt(5) - 1) / 2;
        double low = MinSlope, high = MaxSlope;
        var c1 = high - (golden * (high - low));
        var c2 = low + (golden * (high - low));
        var l1 = Loss(points, tau, c1);
        var l2 = Loss(points, tau, c2);
        for (var i = 0; i < 60; i++)
        {
            if (l1 <= l2)
            {
                high = c2;
                c2 = c1;
                l2 = l1;
                c1 = high - (golden * (high - low));
                l1 = Loss(points, tau, c1);
            }
            else
            {
                low = c1;
                c1 = c2;
                l1 = l2;
                c2 = low + (golden * (high - low));
                l2 = Loss(points, tau, c2);
            }
        }

        // Rounded, so that a fit reads the same on every machine and in every file.
        var slope = Math.Round((low + high) / 2, 6);
        return new QuantileLine(Math.Round(Quantile(points.Select(p => p.Y - (slope * p.X)), tau), 6), slope);
    }

    /// <summary>The check loss of the best line of slope <paramref name="slope"/>.</summary>
    private static double Loss(IReadOnlyList<(double X, double Y)> points, double tau, double slope)
    {
        var intercept = Quantile(points.Select(p => p.Y - (slope * p.X)), tau);
        var loss = 0.0;
        foreach (var (x, y) in points)
        {
            var u = y - intercept - (slope * x);
            loss += u * (tau - (u < 0 ? 1 : 0));
        }

        return loss;
    }

    /// <summary>The lower τ-quantile: the ⌈τn⌉-th smallest value, a minimiser of the check loss.</summary>
    public static double Quantile(IEnumerable<double> values, double tau)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(tau * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
