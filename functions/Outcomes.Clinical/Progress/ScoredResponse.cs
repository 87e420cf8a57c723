using Outcomes.Clinical.Scoring;

namespace Outcomes.Clinical.Progress;

/// <summary>One submitted questionnaire set, scored: what the history of a client is made of.</summary>
public sealed record ScoredResponse(DateTimeOffset At, IReadOnlyList<InstrumentScore> Scores);
