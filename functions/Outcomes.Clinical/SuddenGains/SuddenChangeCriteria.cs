using Outcomes.Clinical.Statistics;

namespace Outcomes.Clinical.SuddenGains;

/// <summary>
/// The Tang &amp; DeRubeis (1999) criteria, with the parameters of the suddengains R package.
/// Immutable; critical values are computed once per criteria object.
/// </summary>
public sealed record SuddenChangeCriteria
{
    /// <summary>The critical value suddengains uses for every comparison when the adjustment is off.</summary>
    public const double UnadjustedCriticalValue = 2.776;

    private readonly double[] _criticalValues;

    public SuddenChangeCriteria(double cutoff, double percent = 0.25, double alpha = 0.05, bool adjustCriticalValue = true, int reversalFrom = 2)
    {
        if (!double.IsFinite(cutoff) || cutoff <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "The criterion 1 cutoff must be a positive number.");
        }

        if (!double.IsFinite(percent) || percent < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "The criterion 2 proportion must be zero or positive (0.25 for 25 %).");
        }

        if (!(alpha is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha must lie strictly between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(reversalFrom, 2);

        Cutoff = cutoff;
        Percent = percent;
        Alpha = alpha;
        AdjustCriticalValue = adjustCriticalValue;
        ReversalFrom = reversalFrom;

        // Pre and post windows hold 2 or 3 values each: 2 to 4 degrees of freedom.
        _criticalValues = new double[5];
        for (var df = 2; df <= 4; df++)
        {
            _criticalValues[df] = adjustCriticalValue ? StudentT.TwoTailedCriticalValue(alpha, df) : UnadjustedCriticalValue;
        }
    }

    /// <summary>Criterion 1: the smallest raw change (7 for BDI-II; the reliable-change value for PHQ-9 and GAD-7).</summary>
    public double Cutoff { get; }

    /// <summary>Criterion 2: the change as a proportion of the pre-change score (0.25).</summary>
    public double Percent { get; }

    /// <summary>Criterion 3: two-tailed significance of the pre/post mean difference.</summary>
    public double Alpha { get; }

    /// <summary>Whether criterion 3's critical value follows the number of values present (Lutz et al. 2013).</summary>
    public bool AdjustCriticalValue { get; }

    /// <summary>
    /// Scores from x[n + ReversalFrom] on can reverse a change at n → n+1. clinical.md: 2.
    /// The suddengains package (0.7.2) looks from n+3 unless its first score is a baseline (its
    /// reversal step renumbers the score columns from 0); <c>outcomes analyze</c> matches it.
    /// </summary>
    public int ReversalFrom { get; }

    /// <summary>The critical t value for <paramref name="valuesPresent"/> pre and post values together (4 to 6).</summary>
    public double CriticalValue(int valuesPresent) => _criticalValues[valuesPresent - 2];
}
