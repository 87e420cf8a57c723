namespace Outcomes.Clinical.Progress;

/// <summary>One primary score of an instrument at the time it was answered.</summary>
public readonly record struct ScorePoint(DateTimeOffset At, double Score);
