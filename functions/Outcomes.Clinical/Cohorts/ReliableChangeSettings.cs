using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Cohorts;

/// <summary>Jacobson–Truax cutoffs between the clinical and the functional population.</summary>
public enum CutoffType
{
    /// <summary>Two SDs beyond the clinical mean, toward the functional side.</summary>
    A,

    /// <summary>Two SDs of the functional population beyond its mean, toward the clinical side.</summary>
    B,

    /// <summary>Where the two distributions meet, weighted by their SDs.</summary>
    C,
}

public enum ChangeCategory
{
    Recovered,
    Improved,
    Unchanged,
    Deteriorated,
    Harmed,
}

/// <summary>The parameters of a Jacobson–Truax analysis.</summary>
public sealed record ReliableChangeSettings
{
    /// <summary>qnorm(0.975): a change is reliable when |RCI| exceeds it.</summary>
    public const double DefaultCriticalValue = 1.959963984540054;

    public ReliableChangeSettings(double reliability, ScoreDirection better, CutoffType? cutoff = null, double? functionalMean = null, double? functionalSd = null)
    {
        if (!(reliability is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(reliability), reliability, "The reliability must be at least 0 and below 1.");
        }

        if (cutoff is CutoffType.B or CutoffType.C && (functionalMean is null || functionalSd is null))
        {
            throw new ArgumentException($"Cutoff {cutoff.Value.ToString().ToLowerInvariant()} needs the functional population's mean and SD.", nameof(cutoff));
        }

        if (functionalSd is double sd && !(sd > 0 && double.IsFinite(sd)))
        {
            throw new ArgumentOutOfRangeException(nameof(functionalSd), functionalSd, "The functional population's SD must be positive.");
        }

        if (functionalMean is double m && !double.IsFinite(m))
        {
            throw new ArgumentOutOfRangeException(nameof(functionalMean), functionalMean, "The functional population's mean must be a number.");
        }

        Reliability = reliability;
        Better = better;
        Cutoff = cutoff;
        FunctionalMean = functionalMean;
        FunctionalSd = functionalSd;
    }

    public double Reliability { get; }
    public ScoreDirection Better { get; }
    public CutoffType? Cutoff { get; }
    public double? FunctionalMean { get; }
    public double? FunctionalSd { get; }
    public double CriticalValue { get; init; } = DefaultCriticalValue;

    /// <summary>+1 when higher is better, −1 when lower is better (the sign clinicalsignificance uses).</summary>
    internal int Sign => Better == ScoreDirection.HigherIsBetter ? 1 : -1;
}
