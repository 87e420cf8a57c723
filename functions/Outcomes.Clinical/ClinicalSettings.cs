namespace Outcomes.Clinical;

/// <summary>
/// Every threshold of clinical.md that a clinic may override; the defaults are clinical.md's.
/// Instrument-specific numbers (bands, caseness, reliable change) live in the instrument files.
/// </summary>
public sealed record ClinicalSettings
{
    public static ClinicalSettings Default { get; } = new();

    /// <summary>What decides "not on track": expected recovery (the default), or the rule of thumb alone.</summary>
    public Progress.NotOnTrackRule NotOnTrackRule { get; init; } = Progress.NotOnTrackRule.ExpectedRecovery;

    /// <summary>Against expected recovery, "not on track" is judged from this check-in on (3: the baseline and one more are too few to tell a path).</summary>
    public int ExpectedRecoveryFrom { get; init; } = 3;

    /// <summary>The clinic's own expected recovery replaces the synthetic reference on a measure once this many of its completed episodes began at caseness (200).</summary>
    public int OwnExpectedRecoveryFrom { get; init; } = 200;

    /// <summary>The rule of thumb: not on track is judged from this long after baseline (4 weeks).</summary>
    public TimeSpan NotOnTrackAfter { get; init; } = TimeSpan.FromDays(28);

    /// <summary>Improvement, as a share of the baseline score, below which a client at caseness is not on track (20 %).</summary>
    public double NotOnTrackMinimumImprovement { get; init; } = 0.20;

    /// <summary>Sudden gains, criterion 2: the change as a share of the pre-change score.</summary>
    public double SuddenGainPercent { get; init; } = 0.25;

    /// <summary>Sudden gains, criterion 3: two-tailed significance.</summary>
    public double SuddenGainAlpha { get; init; } = 0.05;

    /// <summary>The openness trend looks at the last this many check-ins…</summary>
    public int OpennessWindow { get; init; } = 4;

    /// <summary>…and needs at least this many.</summary>
    public int OpennessMinimumCheckIns { get; init; } = 3;

    /// <summary>A Theil–Sen slope (openness points per check-in) of at least this is rising; of at most its negative, falling.</summary>
    public double OpennessSlope { get; init; } = 0.5;

    /// <summary>A trust answer this much below the previous one is an alliance signal (2; a fall at each of two check-ins in a row is one too).</summary>
    public int AllianceDrop { get; init; } = 2;

    /// <summary>Openness this many points below the client's own start (the median of their first three check-ins), at each of the last two check-ins, is falling whatever the recent slope (3: a quarter of the 0–12 scale).</summary>
    public double OpennessLargeDrop { get; init; } = 3;

    /// <summary>A trust answer at or below this is an alliance signal.</summary>
    public int AllianceLow { get; init; } = 1;

    /// <summary>This many unanswered invitations in a row are missed check-ins worth the therapist's attention.</summary>
    public int MissedCheckIns { get; init; } = 2;
}
