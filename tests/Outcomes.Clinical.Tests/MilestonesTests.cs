using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Clinical.Scoring;

namespace Outcomes.Clinical.Tests;

/// <summary>The milestones a client is shown (docs/clinical-rules.md, "What clients see"): each where it was first reached, progress only.</summary>
public class MilestonesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);


    private static InstrumentScore CheckIn(int openness, bool aha = false)
    {
        var per = new int[3];
        for (var i = 0; i < 3; i++)
        {
            per[i] = Math.Min(4, Math.Max(0, openness - (4 * i)));
        }

        return InstrumentScoring.Score(TestInstruments.CheckIn, AnswerSet.FromValues(per[0], per[1], per[2], 2, 2, 3, aha ? 1 : 0));
    }

    private static List<ScoredResponse> Weekly(params int[] phq9) =>
        phq9.Select((t, i) => new ScoredResponse(Start.AddDays(7 * i), [TestInstruments.Phq9Score(t)])).ToList();

    private static IReadOnlyList<Milestone> Of(List<ScoredResponse> history, params DateTimeOffset[] missed) =>
        Milestones.Of(history, TestInstruments.Catalog, ClinicalSettings.Default, missed);

    [Fact]
    public void Recovery_WithASuddenGain_IsCelebratedWhereEachWasReached()
    {
        // PHQ-9 18, 17, 18, then 9: a drop of 9 (reliable change 6) below the cutoff of 10, confirmed as a sudden gain at the check-in after.
        var milestones = Of(Weekly(18, 17, 18, 9, 8, 7));

        Assert.Equal(
            [(MilestoneKind.FirstCheckIn, 1), (MilestoneKind.Streak, 3), (MilestoneKind.ReliableImprovement, 4), (MilestoneKind.Recovery, 4), (MilestoneKind.SuddenGain, 5), (MilestoneKind.Streak, 5)],
            milestones.Select(m => (m.Kind, m.CheckIn)).ToList());
        var gain = milestones.Single(m => m.Kind == MilestoneKind.SuddenGain);
        Assert.Equal((3, 4, 18.0, 9.0), (gain.FromCheckIn, gain.ToCheckIn, gain.FromScore, gain.ToScore));
        Assert.Equal(Start.AddDays(28), gain.At); // told when confirmed, not when provisional
        Assert.Equal([MilestoneKind.ReliableImprovement, MilestoneKind.Recovery, MilestoneKind.SuddenGain], milestones.Where(m => m.IsEmailed).Select(m => m.Kind));
    }

    [Fact]
    public void AMilestoneKeepsItsCheckInAndKey_AsCheckInsAreAdded()
    {
        var series = new[] { 18, 17, 18, 9, 8, 7, 12, 6, 5, 5, 4 };
        var full = Of(Weekly(series)).ToDictionary(m => m.Key);

        for (var n = 1; n <= series.Length; n++)
        {
            foreach (var milestone in Of(Weekly(series[..n])))
            {
                Assert.Equal(milestone, full[milestone.Key]);
            }
        }
    }

    [Fact]
    public void ImprovementAndRecovery_AreCelebratedOnce_EvenWhenLostAndRegained()
    {
        var milestones = Of(Weekly(16, 9, 14, 8, 7));

        Assert.Single(milestones, m => m.Kind == MilestoneKind.ReliableImprovement);
        Assert.Equal(2, Assert.Single(milestones, m => m.Kind == MilestoneKind.Recovery).CheckIn);
    }

    [Fact]
    public void RisingScores_AreNeverAMilestone()
    {
        // Reliable deterioration (9 → 17), with a sudden loss in it: only turning up is celebrated.
        var milestones = Of(Weekly(9, 9, 10, 17, 17, 18));

        Assert.All(milestones, m => Assert.Contains(m.Kind, new[] { MilestoneKind.FirstCheckIn, MilestoneKind.Streak }));
    }

    [Fact]
    public void AStreak_CountsCheckInsInARow_AndAMissedLinkStartsItAgain()
    {
        var history = Weekly(12, 12, 12, 12, 12, 12, 12, 12);
        Assert.Equal([3, 5], Of(history).Where(m => m.Kind == MilestoneKind.Streak).Select(m => m.Count!.Value));

        // A link expired unanswered between check-ins 2 and 3: 6 in a row from check-in 3, so 3 at check-in 5 and 5 at check-in 7.
        var broken = Of(history, Start.AddDays(10));
        Assert.Equal([(3, 5), (5, 7)], broken.Where(m => m.Kind == MilestoneKind.Streak).Select(m => (m.Count!.Value, m.CheckIn)));
        Assert.True(Milestones.IsStreakMilestone(10) && Milestones.IsStreakMilestone(15) && !Milestones.IsStreakMilestone(12) && !Milestones.IsStreakMilestone(4));
    }

    [Fact]
    public void OpennessGrowing_IsCelebratedOncePerRise_AndAhaMomentsEachTime()
    {
        int[] openness = [3, 4, 6, 7, 7, 7, 7, 3, 4, 6, 8];
        var history = openness.Select((o, i) => new ScoredResponse(Start.AddDays(7 * i), [CheckIn(o, aha: i is 2 or 9)])).ToList();

        var milestones = Of(history);

        // Rising from check-in 3 (slope 1.5 over 3, 4, 6), steady, falling, then rising again at check-in 11 (3, 4, 6, 8); at 10 (7, 3, 4, 6) the slope is 0.33: steady.
        Assert.Equal([3, 11], milestones.Where(m => m.Kind == MilestoneKind.OpennessGrowing).Select(m => m.CheckIn));
        Assert.Equal([3, 10], milestones.Where(m => m.Kind == MilestoneKind.Aha).Select(m => m.CheckIn));
        Assert.All(milestones.Where(m => m.Kind is MilestoneKind.OpennessGrowing or MilestoneKind.Aha), m => Assert.False(m.IsEmailed));
    }

    [Fact]
    public void NoCheckIns_NoMilestones() => Assert.Empty(Of([]));
}
