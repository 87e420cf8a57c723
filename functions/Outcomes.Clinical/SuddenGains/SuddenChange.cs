namespace Outcomes.Clinical.SuddenGains;

/// <summary>Which way scores move in the change being looked for.</summary>
public enum ChangeDirection
{
    /// <summary>Scores fall: a sudden gain on a measure where lower is better (PHQ-9, BDI-II).</summary>
    Decrease,

    /// <summary>Scores rise: a sudden loss where lower is better, or a gain where higher is better.</summary>
    Increase,
}

public enum SuddenChangeStatus
{
    /// <summary>All three criteria hold.</summary>
    Confirmed,

    /// <summary>Criteria 1 and 2 hold for the latest interval; criterion 3 needs the next score.</summary>
    Provisional,
}

/// <summary>
/// A sudden change between sessions n (pre) and n+1 (post). Sessions are numbered as the series
/// is indexed: 0 is the baseline, 1 the first session.
/// </summary>
public sealed record SuddenChange(
    int PreSession,
    double PreScore,
    double PostScore,
    bool Reversed,
    SuddenChangeStatus Status)
{
    public int PostSession => PreSession + 1;

    /// <summary>The size of the change, always positive.</summary>
    public double Magnitude => Math.Abs(PreScore - PostScore);
}

/// <summary>
/// The three criteria for one interval n → n+1: true, false, or null when the data cannot decide
/// (a missing score, or fewer than two values before or after).
/// </summary>
public readonly record struct IntervalResult(int PreSession, bool? Criterion1, bool? Criterion2, bool? Criterion3)
{
    /// <summary>True when all hold, false when all are decidable and one fails, null when any is undecidable (as R multiplies NA).</summary>
    public bool? IsSuddenChange =>
        Criterion1 is null || Criterion2 is null || Criterion3 is null
            ? null
            : Criterion1.Value && Criterion2.Value && Criterion3.Value;
}
