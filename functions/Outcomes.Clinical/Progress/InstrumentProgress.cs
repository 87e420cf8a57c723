using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.SuddenGains;

namespace Outcomes.Clinical.Progress;

/// <summary>Everything the engine computes for one client on one instrument.</summary>
public sealed record InstrumentProgress
{
    public required Instrument Instrument { get; init; }

    /// <summary>The primary score at each response, oldest first; the first is the baseline.</summary>
    public required IReadOnlyList<ScorePoint> Series { get; init; }

    public required ChangeFromBaseline Change { get; init; }

    /// <summary>Null when the instrument has no caseness and reliable-change thresholds.</summary>
    public bool? NotOnTrack { get; init; }

    /// <summary>The expected-recovery reference "not on track" was judged by, when it was (drawn on the chart); null: the rule of thumb.</summary>
    public Trajectories.ExpectedRecovery? Expected { get; init; }

    /// <summary>Sudden gains, confirmed and provisional; sessions count from the baseline (0).</summary>
    public required IReadOnlyList<SuddenChange> SuddenGains { get; init; }

    public required IReadOnlyList<SuddenChange> SuddenLosses { get; init; }

    public string? BandOf(double score) => Instrument.BandFor(score)?.Label;
}
