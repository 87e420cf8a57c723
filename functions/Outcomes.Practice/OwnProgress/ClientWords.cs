using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice.Email;

namespace Outcomes.Practice;

/// <summary>
/// Every sentence a client can be shown of their own progress, in one place, as
/// docs/clinical-rules.md ("What clients see") lists and justifies them: plain words, no blame, no
/// certainty, and nothing but progress — never a risk answer, an alliance signal, "not on track" or
/// a deterioration label.
/// </summary>
public static class ClientWords
{
    public const string PageTitle = "Your progress";

    public const string Introduction = "This page shows how your answers have changed since you started. Your therapist sees the same scores and can talk them through with you.";

    /// <summary>Shown when a measure's latest score moved the less good way since the check-in before.</summary>
    public const string UpsAndDowns = "Scores go up and down; it can help to talk about this with your therapist.";

    public const string NoMilestonesYet = "Your milestones will appear here as you check in.";

    public const string ScannerSafe = "Your progress is shown only after you press the button, so that nobody else who handles this link sees it.";

    public const string ShowButton = "Show my progress";

    public const string SeeProgressButton = "See your progress";

    public const string ExpiredTitle = "This link has ended";

    public const string Expired = "This link no longer shows your progress. Each new check-in link will show it again after you answer.";

    public const string NotShared = "Your progress is not shown here. Your therapist can talk your scores through with you.";

    public const string EmailSubject = "You reached a milestone";

    public const string EmailOpening = "Hello,";

    public const string EmailBody = "You reached a milestone in your check-ins. You can see it, with how your answers have changed, on your progress page:";

    public const string EmailButton = "See my progress";

    /// <summary>The measure's name as a client reads it: what it is about, then its short name.</summary>
    public static string Measure(Instrument instrument) => instrument.Id switch
    {
        "phq9" => "Your mood (PHQ-9)",
        "gad7" => "Worry and anxiety (GAD-7)",
        _ when instrument.TrustItem is not null => "How openly you talk in your sessions",
        _ => instrument.Title,
    };

    /// <summary>Which way is better, in words, and the range the latest score is in.</summary>
    public static string Direction(Instrument instrument) => instrument.Direction == ScoreDirection.LowerIsBetter
        ? "Lower scores mean fewer difficulties."
        : "Higher scores are better.";

    public static string Latest(Instrument instrument, double score) =>
        $"Your latest score is {EmailText.Number(score)} (from {EmailText.Number(instrument.PrimaryScore.Min)} to {EmailText.Number(instrument.PrimaryScore.Max)})"
        + (instrument.BandFor(score) is { } band ? $", in the {band.Label} range." : ".");

    public static string NextCheckIn(string date) => $"Your next check-in is due around {date}. The link will come by email.";

    public const string OpenCheckIn = "Your next check-in is open now: the link is in your email.";

    public const string NoNextCheckIn = "There is no check-in planned at the moment. Your therapist can tell you more.";

    /// <summary>A milestone's heading.</summary>
    public static string Title(Milestone milestone) => milestone.Kind switch
    {
        MilestoneKind.FirstCheckIn => "Your first check-in",
        MilestoneKind.ReliableImprovement => "A real improvement",
        MilestoneKind.Recovery => "Out of the range where you started",
        MilestoneKind.SuddenGain => "A big step forward",
        MilestoneKind.Streak => $"{milestone.Count} check-ins in a row",
        MilestoneKind.OpennessGrowing => "Opening up more",
        MilestoneKind.Aha => "An 'aha' moment",
        _ => throw new ArgumentOutOfRangeException(nameof(milestone), milestone.Kind, null),
    };

    /// <summary>A milestone in a sentence, naming the measure (<paramref name="instrument"/>) where it has one; dates in the client's zone.</summary>
    public static string Describe(Milestone milestone, Instrument? instrument, Func<int, DateTimeOffset> checkInAt, string timeZone) => milestone.Kind switch
    {
        MilestoneKind.FirstCheckIn => "You answered your first check-in: the starting point for seeing how things change.",
        MilestoneKind.ReliableImprovement => $"Your {Short(instrument)} score has moved the better way by more than everyday ups and downs usually explain.",
        MilestoneKind.Recovery => $"Your {Short(instrument)} score is now below the level where these difficulties usually get in the way of everyday life.",
        MilestoneKind.SuddenGain =>
            $"Between your check-ins of {EmailText.LocalDate(checkInAt(milestone.FromCheckIn!.Value), timeZone)} and {EmailText.LocalDate(checkInAt(milestone.ToCheckIn!.Value), timeZone)}, "
            + $"your {Short(instrument)} score went from {EmailText.Number(milestone.FromScore!.Value)} to {EmailText.Number(milestone.ToScore!.Value)}: a big step forward between two check-ins.",
        MilestoneKind.Streak => $"You have checked in {milestone.Count} times in a row. Keeping going helps you and your therapist see what is changing.",
        MilestoneKind.OpennessGrowing => "Your answers about talking openly in your sessions have grown over your last few check-ins.",
        MilestoneKind.Aha => "You noticed something new about yourself.",
        _ => throw new ArgumentOutOfRangeException(nameof(milestone), milestone.Kind, null),
    };

    /// <summary>The marker on the client's own chart, where a milestone has one.</summary>
    public static string? Marker(MilestoneKind kind) => kind switch
    {
        MilestoneKind.ReliableImprovement => "real improvement",
        MilestoneKind.Recovery => "out of the starting range",
        MilestoneKind.SuddenGain => "big step forward",
        _ => null,
    };

    private static string Short(Instrument? instrument) => instrument?.Name ?? "questionnaire";
}
