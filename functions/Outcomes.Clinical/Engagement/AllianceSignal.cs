namespace Outcomes.Clinical.Engagement;

/// <summary>
/// A strain in the therapeutic alliance, read from the check-in's trust item, in the spirit of
/// PCOMS' rule for the Session Rating Scale (clinical.md, "Openness trend").
/// </summary>
public sealed record AllianceSignal(int Trust, int? PreviousTrust)
{
    public int? Drop => PreviousTrust - Trust;

    /// <summary>
    /// The latest trust answer is a signal when it dropped by ≥ 1 point from the previous check-in,
    /// or is at ≤ 1. Null when there is no signal.
    /// </summary>
    public static AllianceSignal? Assess(IReadOnlyList<int> trust, ClinicalSettings settings)
    {
        if (trust.Count == 0)
        {
            return null;
        }

        var latest = trust[^1];
        int? previous = trust.Count > 1 ? trust[^2] : null;
        var dropped = previous is int p && p - latest >= settings.AllianceDrop;
        return dropped || latest <= settings.AllianceLow ? new AllianceSignal(latest, previous) : null;
    }
}
