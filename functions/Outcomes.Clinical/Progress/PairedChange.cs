namespace Outcomes.Clinical.Progress;

/// <summary>
/// NHS Talking Therapies' paired rule for a client measured on PHQ-9 and GAD-7 together
/// (clinical.md): the two measures judged as one.
/// </summary>
public sealed record PairedChange
{
    /// <summary>Either measure at caseness at baseline.</summary>
    public required bool CasenessAtBaseline { get; init; }

    /// <summary>Either measure at caseness now.</summary>
    public required bool CasenessNow { get; init; }

    /// <summary>At least one measure reliably improved and none reliably deteriorated.</summary>
    public required bool ReliableImprovement { get; init; }

    /// <summary>Any measure reliably deteriorated.</summary>
    public required bool ReliableDeterioration { get; init; }

    /// <summary>At caseness (either) at baseline and neither at caseness now.</summary>
    public bool Recovery => CasenessAtBaseline && !CasenessNow;

    public bool ReliableRecovery => Recovery && ReliableImprovement;

    public static PairedChange Assess(ChangeFromBaseline depression, ChangeFromBaseline anxiety)
    {
        ChangeFromBaseline[] both = [depression, anxiety];
        if (both.Any(c => c.CasenessAtBaseline is null || c.CasenessNow is null || c.ReliableChange is null))
        {
            throw new ArgumentException("The paired rule needs two measures with caseness and reliable-change thresholds.");
        }

        var deteriorated = both.Any(c => c.ReliableChange == ReliableChange.Deterioration);
        return new PairedChange
        {
            CasenessAtBaseline = both.Any(c => c.CasenessAtBaseline == true),
            CasenessNow = both.Any(c => c.CasenessNow == true),
            ReliableImprovement = !deteriorated && both.Any(c => c.ReliableChange == ReliableChange.Improvement),
            ReliableDeterioration = deteriorated,
        };
    }
}
