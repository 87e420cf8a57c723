namespace Outcomes.Clinical.Progress;

/// <summary>What the engine noticed about a client, in the clinic's words.</summary>
public enum FindingKind
{
    RiskAnswer,
    ReliableDeterioration,
    SuddenLoss,
    NotOnTrack,
    AllianceSignal,
    ReliableImprovement,
    Recovery,
    ReliableRecovery,
    SuddenGain,
    Breakthrough,
    MissedCheckIns,
    ProvisionalSuddenGain,
    ProvisionalSuddenLoss,
}

/// <summary>How fast a therapist hears of a finding (clinical.md, "Alerts").</summary>
public enum AlertUrgency
{
    /// <summary>Emailed within a minute; escalated when unacknowledged.</summary>
    Immediate,

    /// <summary>In the next hourly warning-sign email, once.</summary>
    BatchedWarning,

    /// <summary>In the weekly digest, under Improving.</summary>
    GoodNews,

    /// <summary>Shown in the weekly digest only.</summary>
    DigestOnly,
}

/// <summary>
/// One finding. <see cref="Key"/> is stable across rescoring: the same event or the same unbroken
/// state always has the same key, so an alert store raises each one once. <see cref="At"/> is the
/// check-in it came from (a state's onset, a sudden change's second check-in) and <see cref="CheckIn"/>
/// that check-in's number, from 1; <see cref="Description"/> gives the scores as they were then, so
/// that it reads the same whenever it is shown.
/// </summary>
public sealed record Finding(FindingKind Kind, string? InstrumentId, string Key, DateTimeOffset At, string Description)
{
    public AlertUrgency Urgency => AlertPolicy.UrgencyOf(Kind);

    /// <summary>The number of the check-in the finding came from, counting from 1; null for missed check-ins.</summary>
    public int? CheckIn { get; init; }

    /// <summary>For a state that has lasted past its onset: where it stands today ("PHQ-9 15 now (check-in 10)"); the description keeps the onset's words.</summary>
    public string? Now { get; init; }

    /// <summary>A state lasts from its onset to the latest check-in (deterioration, improvement, recovery, not on track); any other finding happens at one check-in.</summary>
    public bool IsState => Kind is FindingKind.ReliableDeterioration or FindingKind.ReliableImprovement or FindingKind.Recovery or FindingKind.ReliableRecovery or FindingKind.NotOnTrack;
}

/// <summary>A finding the therapist was already told of: its key, and for a state the check-in it was raised at.</summary>
public sealed record ToldFinding(string Key, FindingKind Kind, string? InstrumentId, DateTimeOffset? At);

public static class AlertPolicy
{
    public static AlertUrgency UrgencyOf(FindingKind kind) => kind switch
    {
        FindingKind.RiskAnswer => AlertUrgency.Immediate,
        FindingKind.ReliableDeterioration or FindingKind.SuddenLoss or FindingKind.NotOnTrack or FindingKind.AllianceSignal
            => AlertUrgency.BatchedWarning,
        FindingKind.ReliableImprovement or FindingKind.Recovery or FindingKind.ReliableRecovery or FindingKind.SuddenGain or FindingKind.Breakthrough
            => AlertUrgency.GoodNews,
        // Missed check-ins, and sudden changes that still wait for criterion 3.
        FindingKind.MissedCheckIns or FindingKind.ProvisionalSuddenGain or FindingKind.ProvisionalSuddenLoss
            => AlertUrgency.DigestOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Whether <paramref name="told"/> told the therapist of <paramref name="finding"/>: the same key, or — for
    /// a state — the same kind on the same measure raised at a check-in within the state's unbroken run. A new
    /// expected-recovery reference or a changed rule can move an ongoing state's onset earlier, and so its
    /// key; it is still the state the therapist heard of (and may have reviewed), and is not told twice.
    /// </summary>
    public static bool Tells(ToldFinding told, Finding finding) =>
        told.Key == finding.Key
        || (finding.IsState && told.Kind == finding.Kind && told.InstrumentId == finding.InstrumentId && told.At >= finding.At);

    /// <summary>Whether any of <paramref name="told"/> tells of <paramref name="finding"/> (<see cref="Tells"/>).</summary>
    public static bool WasTold(Finding finding, IEnumerable<ToldFinding> told) => told.Any(t => Tells(t, finding));
}
