namespace Outcomes.Clinical.Statistics;

/// <summary>
/// Student's t distribution for whole degrees of freedom. The sudden-gains test needs only
/// 1 to a few degrees of freedom, for which the CDF has an exact finite series
/// (Abramowitz &amp; Stegun 26.7.3–4); the quantile inverts it by bisection to full double
/// precision. Written here rather than taken from a numerics package because this small exact
/// form is all the engine needs and keeps Core free of dependencies.
/// </summary>
public static class StudentT
{
    /// <summary>P(T ≤ t) for <paramref name="degreesOfFreedom"/> ≥ 1.</summary>
    public static double Cdf(double t, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        if (double.IsInfinity(t))
        {
            return t > 0 ? 1 : 0;
        }

        var nu = degreesOfFreedom;
        var theta = Math.Atan(t / Math.Sqrt(nu));
        var sin = Math.Sin(theta);
        var cos = Math.Cos(theta);
        var cos2 = cos * cos;

        // A(t|ν) = P(|T| ≤ t) · sign(t)
        double a;
        if (nu % 2 == 1)
        {
            var series = 0.0;
            if (nu > 1)
            {
                var term = 1.0;
                series = 1.0;
                for (var k = 2; k <= nu - 3; k += 2)
                {
                    term *= cos2 * k / (k + 1);
                    series += term;
                }

                series *= sin * cos;
            }

            a = 2 / Math.PI * (theta + series);
        }
        else
        {
            var term = 1.0;
            var series = 1.0;
            for (var k = 1; k <= nu - 3; k += 2)
            {
                term *= cos2 * k / (k + 1);
                series += term;
            }

            a = sin * series;
        }

        return 0.5 + (a / 2);
    }

    /// <summary>The t value below which a proportion <paramref name="p"/> of the distribution lies.</summary>
    public static double Quantile(double p, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (p is <= 0 or >= 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must lie strictly between 0 and 1.");
        }

        if (p < 0.5)
        {
            return -Quantile(1 - p, degreesOfFreedom);
        }

        if (p == 0.5)
        {
            return 0;
        }

        double lo = 0, hi = 1;
        while (Cdf(hi, degreesOfFreedom) < p)
        {
            lo = hi;
            hi *= 2;
        }

        // Bisect until the interval cannot shrink any more in double precision.
        while (true)
        {
            var mid = lo + ((hi - lo) / 2);
            if (mid <= lo || mid >= hi)
            {
                return hi;
            }

            if (Cdf(mid, degreesOfFreedom) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
    }

    /// <summary>The two-tailed critical value for significance <paramref name="alpha"/>, as R's <c>abs(qt(alpha / 2, df))</c>.</summary>
    public static double TwoTailedCriticalValue(double alpha, int degreesOfFreedom) => Quantile(1 - (alpha / 2), degreesOfFreedom);
}
