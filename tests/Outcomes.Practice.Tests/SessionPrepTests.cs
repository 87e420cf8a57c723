using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Clinical.Scoring;

namespace Outcomes.Practice.Tests;

/// <summary>The session-prep's warning signs when a new expected-recovery reference has moved a state's onset earlier than the alert that told of it.</summary>
public class SessionPrepTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 18, 0, 0, TimeSpan.Zero);
    private static readonly ClientProfile Profile = new("0123456789abcdef0123456789abcdef", "therapist", "A-1", "a@client.example", ["phq9"], 7, "UTC", Now.AddDays(-60));

    private static SessionPrep Prep(params AlertRecord[] alerts)
    {
        // PHQ-9 24 at five weekly check-ins: not on track from check-in 3 by the synthetic reference.
        var history = Enumerable.Range(0, 5)
            .Select(i => new ScoredResponse(Now.AddDays(7 * (i - 4)), [InstrumentScoring.Score(InstrumentCatalog.BuiltIn["phq9"], AnswerSet.FromValues(3, 3, 3, 3, 3, 3, 3, 3, 0))]))
            .ToList();
        var progress = ClientProgress.Assess(history, InstrumentCatalog.BuiltIn, 0, Clinical.ClinicalSettings.Default);
        return SessionPrep.Of(new ClientCourse(Profile, null, progress, [], alerts, [], 0, null, "UTC", Now), InstrumentCatalog.BuiltIn);
    }

    // Told at check-in 4, when an earlier reference first judged it off track: keyed by that onset.
    private static readonly AlertRecord ToldAtFour =
        new(Profile.Id, $"NotOnTrack:phq9:{Now.AddDays(-7).UtcTicks}", FindingKind.NotOnTrack, AlertUrgency.BatchedWarning, "phq9", "PHQ-9 is 24 … not on track", "r4", Now.AddDays(-7))
        {
            CheckIn = 4,
            CheckInAt = Now.AddDays(-7),
        };

    [Fact]
    public void AStateWhoseOnsetMoved_IsReviewedByTheAlertThatToldOfIt()
    {
        var prep = Prep(ToldAtFour);
        var sign = Assert.Single(prep.Attention, f => f.Kind == FindingKind.NotOnTrack);
        Assert.Equal(3, sign.CheckIn);
        Assert.Equal(ToldAtFour.Key, prep.ReviewKeys[sign.Key]); // "Mark reviewed" marks the alert there is, not a key nobody raised

        var reviewed = Prep(ToldAtFour with { ReviewedAt = Now.AddDays(-1), ReviewedBy = "therapist Dr T" });
        Assert.DoesNotContain(reviewed.Attention, f => f.Kind == FindingKind.NotOnTrack);
        Assert.Equal(ToldAtFour.Key, Assert.Single(reviewed.Reviewed).Key);
    }

    [Fact]
    public void ASignNoAlertToldOfYet_NeedsAttention_ButHasNothingToMarkReviewed()
    {
        var prep = Prep();
        var sign = Assert.Single(prep.Attention, f => f.Kind == FindingKind.NotOnTrack);
        Assert.False(prep.ReviewKeys.ContainsKey(sign.Key)); // raised, and reviewable, with the client's next check-in
    }
}
