using Outcomes.Clinical.Progress;
using Outcomes.Practice;

namespace Outcomes.Tests.Shared;

/// <summary>A therapist, clients and findings at a fixed moment, for the digest's tests (its model and its rendering).</summary>
internal static class DigestExamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    public static readonly PracticeSettings Settings = new();
    public static readonly Therapist Dr = new("t", "Dr T", "dr@clinic.example", "Europe/London", Now.AddYears(-1));

    public static ClientSummary Client(string code, params Finding[] findings) =>
        new("t", code.ToLowerInvariant(), code, Now.AddDays(-2), 8, new Dictionary<string, InstrumentSummary>(), null) { Findings = findings };

    public static Finding F(FindingKind kind, int daysAgo = 2, string? description = null) =>
        new(kind, "phq9", $"{kind}:phq9:1", Now.AddDays(-daysAgo), description ?? kind.ToString());
}
