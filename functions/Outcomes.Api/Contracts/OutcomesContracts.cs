namespace Outcomes.Api.Contracts;

// GET api/admin/clients/{id}/outcomes: a client's course, recomputed from the raw answers.

public sealed record ClientOutcomesResponse(
    ClientIdentity Client,
    int Responses,
    int UnscoredResponses,
    int MissedCheckInsInARow,
    IReadOnlyList<InstrumentOutcome> Instruments,
    PairedOutcome? Paired,
    OpennessTrendView? OpennessTrend,
    AllianceSignalView? AllianceSignal,
    IReadOnlyList<FindingView> Findings,
    IReadOnlyList<AlertView> Alerts);

public sealed record ClientIdentity(string Id, string TherapistId, string DisplayCode, IReadOnlyList<string> Instruments);

/// <summary>A total at a check-in, with its severity band.</summary>
public sealed record ScoreAt(DateTimeOffset Time, double Total, string? Band);

public sealed record InstrumentOutcome(
    string Id,
    string Name,
    string Score,
    IReadOnlyList<ScoreAt> Series,
    ScoreAt Baseline,
    ScoreAt Latest,
    double Change,
    double? PercentChange,
    string? ReliableChange,
    bool? CasenessAtBaseline,
    bool? CasenessNow,
    bool? Recovery,
    bool? ReliableRecovery,
    bool? NotOnTrack,
    IReadOnlyList<SuddenChangeView> SuddenGains,
    IReadOnlyList<SuddenChangeView> SuddenLosses);

/// <summary>A sudden gain or loss between check-ins <see cref="PreSession"/> and <see cref="PostSession"/>, counted from 1 (the first check-in is 1), as the findings' text counts them.</summary>
public sealed record SuddenChangeView(int PreSession, int PostSession, double PreScore, double PostScore, double Magnitude, string Status, bool Reversed);

/// <summary>PHQ-9 and GAD-7 read together (paired caseness, as in NHS Talking Therapies).</summary>
public sealed record PairedOutcome(bool CasenessAtBaseline, bool CasenessNow, bool ReliableImprovement, bool ReliableDeterioration, bool Recovery, bool ReliableRecovery);

public sealed record OpennessTrendView(string Direction, double SlopePerCheckIn, int CheckIns);

public sealed record AllianceSignalView(int Trust, int? PreviousTrust);

/// <summary>A finding; <see cref="Time"/> and <see cref="CheckIn"/> (numbered from 1, as in the description) name the check-in it came from.</summary>
public sealed record FindingView(string Kind, string Urgency, string? Instrument, DateTimeOffset Time, int? CheckIn, string Description);

/// <summary>A warning sign or risk alert, with what happened to it.</summary>
public sealed record AlertView(
    string Key,
    string Kind,
    string Urgency,
    string? Instrument,
    string Description,
    int? CheckIn,
    DateTimeOffset? CheckInAt,
    DateTimeOffset RaisedAt,
    DateTimeOffset? EmailedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    string? AcknowledgementNote,
    DateTimeOffset? EscalatedAt);
