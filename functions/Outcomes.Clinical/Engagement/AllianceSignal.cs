namespace Outcomes.Clinical.Engagement;

/// <summary>
/// A strain in the therapeutic alliance, read from the check-in's trust item, in the spirit of
/// PCOMS' rule for the Session Rating Scale (docs/clinical-rules.md, "Engagement"). A drop must
/// matter: one point from 4 to 3 is within what a client's answer moves by from week to week.
/// </summary>
public sealed record AllianceSignal(int Trust, int? PreviousTrust)
{
    public int? Drop => PreviousTrust - Trust;

    /// <summary>The trust answers of the last three check-ins fell each time (e.g. 4, 3, 2).</summary>
    public bool FellTwiceInARow { get; init; }

    /// <summary>
    /// The latest trust answer is a signal when it dropped by ≥ 2 points from the previous
    /// check-in (<see cref="ClinicalSettings.AllianceDrop"/>), or fell at each of the last two
    /// check-ins, or is at ≤ 1. Null when there is no signal.
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
        var twice = trust.Count > 2 && trust[^3] > trust[^2] && trust[^2] > latest;
        return dropped || twice || latest <= settings.AllianceLow ? new AllianceSignal(latest, previous) { FellTwiceInARow = twice } : null;
    }
}
