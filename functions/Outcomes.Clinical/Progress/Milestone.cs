namespace Outcomes.Clinical.Progress;

/// <summary>What a client can celebrate (docs/clinical-rules.md, "What clients see"): only progress, never a warning sign.</summary>
public enum MilestoneKind
{
    FirstCheckIn,
    ReliableImprovement,
    Recovery,
    SuddenGain,
    Streak,
    OpennessGrowing,
    Aha,
}

/// <summary>
/// A milestone the client reached. <see cref="CheckIn"/> (from 1) and <see cref="At"/> are the
/// check-in where it was reached — for a sudden gain, where it was confirmed; the step itself is
/// between <see cref="FromCheckIn"/> and <see cref="ToCheckIn"/>. <see cref="Key"/> is stable as
/// check-ins are added, so a milestone is told once.
/// </summary>
public sealed record Milestone(MilestoneKind Kind, string? InstrumentId, int CheckIn, DateTimeOffset At, string Key)
{
    /// <summary>For a streak: how many check-ins in a row.</summary>
    public int? Count { get; init; }

    /// <summary>For a sudden gain: the check-ins either side of the step, and their scores.</summary>
    public int? FromCheckIn { get; init; }

    /// <inheritdoc cref="FromCheckIn"/>
    public int? ToCheckIn { get; init; }

    /// <inheritdoc cref="FromCheckIn"/>
    public double? FromScore { get; init; }

    /// <inheritdoc cref="FromCheckIn"/>
    public double? ToScore { get; init; }

    /// <summary>Worth a short email to a client whose therapist chose that (clinical-rules.md): improvement, recovery, a confirmed sudden gain.</summary>
    public bool IsEmailed => Kind is MilestoneKind.ReliableImprovement or MilestoneKind.Recovery or MilestoneKind.SuddenGain;
}
