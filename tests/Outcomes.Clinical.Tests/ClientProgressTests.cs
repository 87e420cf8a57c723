using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Clinical.Scoring;
using Outcomes.Clinical.SuddenGains;

namespace Outcomes.Clinical.Tests;

/// <summary>A client's whole history assessed at once: what a therapist is told, and how fast.</summary>
public class ClientProgressTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);

    /// <summary>A real scored answer set whose total is <paramref name="total"/>, spread over the items.</summary>
    private static InstrumentScore Scored(Instrument instrument, int total, int? lastItem = null)
    {
        var items = instrument.PrimaryScore.Items;
        var answers = new Dictionary<string, int>();
        var remaining = total - (lastItem ?? 0);
        foreach (var item in items.Take(lastItem is null ? items.Count : items.Count - 1))
        {
            var value = Math.Min(3, remaining);
            answers[item] = value;
            remaining -= value;
        }

        if (lastItem is int last)
        {
            answers[items[^1]] = last;
        }

        return InstrumentScoring.Score(instrument, AnswerSet.FromChoices(answers));
    }

    private static List<ScoredResponse> WeeklyPhq9(params int[] totals) =>
        totals.Select((t, i) => new ScoredResponse(Start.AddDays(7 * i), [Scored(TestInstruments.Phq9, t)])).ToList();

    private static ClientProgress Assess(List<ScoredResponse> history, int missed = 0) =>
        ClientProgress.Assess(history, TestInstruments.Catalog, missed, ClinicalSettings.Default);

    /// <summary>With the rule of thumb alone (<c>NotOnTrackRule=RuleOfThumb</c>).</summary>
    private static ClientProgress ByRuleOfThumb(List<ScoredResponse> history) =>
        ClientProgress.Assess(history, TestInstruments.Catalog, 0, ClinicalSettings.Default with { NotOnTrackRule = NotOnTrackRule.RuleOfThumb });

    [Fact]
    public void RecoveryWithSuddenGain_IsGoodNewsOnly()
    {
        var progress = Assess(WeeklyPhq9(18, 17, 18, 9, 8, 7));

        var phq9 = Assert.Single(progress.Instruments);
        var gain = Assert.Single(phq9.SuddenGains);
        Assert.Equal((2, SuddenChangeStatus.Confirmed), (gain.PreSession, gain.Status));
        Assert.True(phq9.Change.ReliableRecovery);
        Assert.False(phq9.NotOnTrack);

        Assert.Equal([FindingKind.ReliableRecovery, FindingKind.SuddenGain], progress.Findings.Select(f => f.Kind).Order());
        Assert.All(progress.Findings, f => Assert.Equal(AlertUrgency.GoodNews, f.Urgency));
        // Each names the check-in it came from, numbered from 1, and the scores as they were then.
        Assert.Contains(progress.Findings, f => f.Description == "PHQ-9 fell from 18 to 9 between check-ins 3 and 4: sudden gain" && f.CheckIn == 4 && f.At == Start.AddDays(21));
        Assert.Contains(progress.Findings, f => f.Description == "PHQ-9 fell from 18 to 9 since baseline, below the clinical cutoff of 10: reliable recovery" && f.CheckIn == 4);
    }

    [Fact]
    public void ReliableDeterioration_IsABatchedWarningKeyedToItsOnset()
    {
        var history = WeeklyPhq9(9, 10, 12, 16, 17);
        var finding = Assert.Single(Assess(history).Findings);
        Assert.Equal((FindingKind.ReliableDeterioration, AlertUrgency.BatchedWarning), (finding.Kind, finding.Urgency));
        Assert.Equal("PHQ-9 rose from 9 to 16 since baseline: reliable deterioration", finding.Description);
        Assert.Equal((4, Start.AddDays(21)), (finding.CheckIn, finding.At));

        Assert.Equal("PHQ-9 17 now (check-in 5)", finding.Now); // it began at check-in 4

        // Still deteriorated a week later: the same finding in the same words (the score at its onset),
        // so the same key and no second alert, and the digest says what the warning email said — and, now, where it stands today.
        history.Add(new ScoredResponse(Start.AddDays(35), [Scored(TestInstruments.Phq9, 18)]));
        Assert.Equal(finding with { Now = "PHQ-9 18 now (check-in 6)" }, Assert.Single(Assess(history).Findings));
    }

    [Fact]
    public void NotOnTrack_ByTheRuleOfThumb_AfterFourWeeksWithLittleImprovement()
    {
        var finding = Assert.Single(ByRuleOfThumb(WeeklyPhq9(15, 15, 14, 14, 14)).Findings);
        Assert.Equal((FindingKind.NotOnTrack, AlertUrgency.BatchedWarning), (finding.Kind, finding.Urgency));
        Assert.Equal("PHQ-9 is 14 (moderate) 4 weeks after a baseline of 15: less than 20 % improvement, not on track", finding.Description);
        Assert.Equal(5, finding.CheckIn);

        // Two weeks on, still off track at 13: the words keep the score and week of the onset, and say today's score.
        var later = WeeklyPhq9(15, 15, 14, 14, 14, 13, 13);
        Assert.Equal(finding with { Now = "PHQ-9 13 now (check-in 7)" }, Assert.Single(ByRuleOfThumb(later).Findings));

        // Back on track (10 is a third better than 15): the state ends, and with it the finding.
        Assert.Empty(ByRuleOfThumb(WeeklyPhq9(15, 15, 14, 14, 14, 13, 10)).Findings);
    }

    [Fact]
    public void NotOnTrack_OfAScoreThatRose_NeverSpeaksOfImprovement()
    {
        // B-202 in the walk-through: a baseline of 9, below the cutoff, rising into it.
        var finding = Assert.Single(Assess(WeeklyPhq9(9, 9, 10, 11, 12)).Findings, f => f.Kind == FindingKind.NotOnTrack);
        Assert.Equal("PHQ-9 rose from 9 to 12 (moderate) in 4 weeks since baseline: not on track", finding.Description);
        Assert.DoesNotContain("improvement", finding.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAhaMoment_IsGoodNewsFromItsCheckIn_NotOnlyWhileItIsTheLatest()
    {
        static ScoredResponse CheckIn(int day, bool aha) =>
            new(Start.AddDays(day), [InstrumentScoring.Score(TestInstruments.CheckIn, AnswerSet.FromValues(2, 2, 2, 2, 2, 3, aha ? 1 : 0))]);

        var findings = Assess([CheckIn(0, false), CheckIn(7, true), CheckIn(14, false)]).Findings;

        var aha = Assert.Single(findings, f => f.Kind == FindingKind.Breakthrough);
        Assert.Equal((2, Start.AddDays(7)), (aha.CheckIn, aha.At)); // the digest counts it as improving while it is recent (RecentEvents)
    }

    [Fact]
    public void RiskAnswer_IsImmediate()
    {
        var history = WeeklyPhq9(12, 11);
        history.Add(new ScoredResponse(Start.AddDays(14), [Scored(TestInstruments.Phq9, 12, lastItem: 1)]));
        var risk = Assert.Single(Assess(history).Findings, f => f.Kind == FindingKind.RiskAnswer);
        Assert.Equal(AlertUrgency.Immediate, risk.Urgency);
        Assert.Equal(Start.AddDays(14), risk.At);
        Assert.Equal($"RiskAnswer:phq9:{Start.AddDays(14).UtcTicks}", risk.Key); // the check-in's time, not its position
        Assert.Equal("Risk answer on PHQ-9 item 9 (\"Thoughts that you would be better off dead or of hurting yourself in some way\"); PHQ-9 total 12", risk.Description);
        Assert.Equal(3, risk.CheckIn);
    }

    [Fact]
    public void RiskAnswerKey_StaysTheSameWhenAnEarlierResponseArrivesLate()
    {
        // Scored before the earlier check-in was stored, then after: the same key, so it is raised once;
        // and the earlier check-in's own risk answer gets a key of its own.
        var late = new ScoredResponse(Start.AddDays(7), [Scored(TestInstruments.Phq9, 12, lastItem: 1)]);
        var risk = new ScoredResponse(Start.AddDays(14), [Scored(TestInstruments.Phq9, 12, lastItem: 2)]);
        var before = Assert.Single(Assess([new(Start, [Scored(TestInstruments.Phq9, 12)]), risk]).Findings, f => f.Kind == FindingKind.RiskAnswer);
        var after = Assert.Single(Assess([new(Start, [Scored(TestInstruments.Phq9, 12)]), late, risk]).Findings, f => f.Kind == FindingKind.RiskAnswer);
        var own = Assert.Single(Assess([new(Start, [Scored(TestInstruments.Phq9, 12)]), late]).Findings, f => f.Kind == FindingKind.RiskAnswer);
        Assert.Equal(before.Key, after.Key);
        Assert.NotEqual(before.Key, own.Key);
    }

    [Fact]
    public void RiskAnswerInAnEarlierResponse_IsNotRaisedAgain()
    {
        var history = new List<ScoredResponse> { new(Start, [Scored(TestInstruments.Phq9, 12, lastItem: 2)]) };
        history.AddRange(WeeklyPhq9(12, 11).Select(r => r with { At = r.At.AddDays(7) }));
        Assert.DoesNotContain(Assess(history).Findings, f => f.Kind == FindingKind.RiskAnswer);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void MissedCheckIns_TwoOrMoreInARowAreForTheDigest(int missed, bool reported)
    {
        var findings = Assess(WeeklyPhq9(12, 12), missed).Findings.Where(f => f.Kind == FindingKind.MissedCheckIns).ToList();
        Assert.Equal(reported, findings.Count == 1);
        Assert.All(findings, f => Assert.Equal(AlertUrgency.DigestOnly, f.Urgency));
    }

    [Fact]
    public void ProvisionalSuddenGain_IsDigestOnlyUntilConfirmed()
    {
        var provisional = Assert.Single(Assess(WeeklyPhq9(18, 17, 18, 9)).Findings, f => f.Kind == FindingKind.ProvisionalSuddenGain);
        Assert.Equal(AlertUrgency.DigestOnly, provisional.Urgency);

        var confirmed = Assess(WeeklyPhq9(18, 17, 18, 9, 9)).Findings.Select(f => f.Kind).ToList();
        Assert.Contains(FindingKind.SuddenGain, confirmed);
        Assert.DoesNotContain(FindingKind.ProvisionalSuddenGain, confirmed);
    }

    [Fact]
    public void SuddenLoss_IsABatchedWarning()
    {
        var loss = Assert.Single(Assess(WeeklyPhq9(8, 9, 8, 17, 18)).Findings, f => f.Kind == FindingKind.SuddenLoss);
        Assert.Equal(AlertUrgency.BatchedWarning, loss.Urgency);
        Assert.Equal("PHQ-9 rose from 8 to 17 between check-ins 3 and 4: sudden loss", loss.Description);
    }

    [Fact]
    public void CheckIns_GiveOpennessTrendAllianceSignalAndBreakthrough()
    {
        var checkIn = TestInstruments.CheckIn;
        InstrumentScore CheckIn(int each, int trust, bool aha) => InstrumentScoring.Score(checkIn, AnswerSet.FromChoices(new Dictionary<string, int>
        {
            ["1"] = each, ["2"] = each, ["3"] = each, ["4"] = 2, ["5"] = 2, ["6"] = trust, ["7"] = aha ? 1 : 0,
        }));

        var history = new List<ScoredResponse>
        {
            new(Start, [CheckIn(1, 4, false)]),
            new(Start.AddDays(7), [CheckIn(2, 4, false)]),
            new(Start.AddDays(14), [CheckIn(3, 4, false)]),
            new(Start.AddDays(21), [CheckIn(4, 2, true)]),
        };
        var progress = Assess(history);

        Assert.Equal(Engagement.TrendDirection.Rising, progress.Openness!.Direction);
        Assert.Equal(3, progress.Openness.SlopePerCheckIn);
        Assert.Equal((2, 4), (progress.Alliance!.Trust, progress.Alliance.PreviousTrust));
        var alliance = Assert.Single(progress.Findings, f => f.Kind == FindingKind.AllianceSignal);
        Assert.Equal(AlertUrgency.BatchedWarning, alliance.Urgency);
        Assert.Equal("Session check-in: trust in the therapist dropped from 4 to 2 of 4: alliance signal", alliance.Description);
        var breakthrough = Assert.Single(progress.Findings, f => f.Kind == FindingKind.Breakthrough);
        Assert.Equal(AlertUrgency.GoodNews, breakthrough.Urgency);
    }

    [Fact]
    public void Phq9AndGad7Together_GetThePairedRule()
    {
        var history = new List<ScoredResponse>
        {
            new(Start, [Scored(TestInstruments.Phq9, 14), Scored(TestInstruments.Gad7, 12)]),
            new(Start.AddDays(7), [Scored(TestInstruments.Phq9, 7), Scored(TestInstruments.Gad7, 6)]),
        };
        var paired = Assess(history).Paired!;
        Assert.True(paired.ReliableRecovery);
    }

    [Fact]
    public void EveryFindingKind_HasTheUrgencyClinicalMdGivesIt()
    {
        Assert.Equal(AlertUrgency.Immediate, AlertPolicy.UrgencyOf(FindingKind.RiskAnswer));
        Assert.All(
            new[] { FindingKind.ReliableDeterioration, FindingKind.SuddenLoss, FindingKind.NotOnTrack, FindingKind.AllianceSignal },
            k => Assert.Equal(AlertUrgency.BatchedWarning, AlertPolicy.UrgencyOf(k)));
        Assert.All(
            new[] { FindingKind.ReliableImprovement, FindingKind.Recovery, FindingKind.ReliableRecovery, FindingKind.SuddenGain, FindingKind.Breakthrough },
            k => Assert.Equal(AlertUrgency.GoodNews, AlertPolicy.UrgencyOf(k)));
        Assert.Equal(AlertUrgency.DigestOnly, AlertPolicy.UrgencyOf(FindingKind.MissedCheckIns));
        Assert.All(Enum.GetValues<FindingKind>(), k => AlertPolicy.UrgencyOf(k));
    }
    [Fact]
    public void AStateAlreadyTold_IsNotToldAgain_WhenANewReferenceMovesItsOnsetEarlier()
    {
        // Told "not on track" at check-in 4; a new reference now dates the same unbroken state from check-in 3.
        var onset3 = new Finding(FindingKind.NotOnTrack, "phq9", "NotOnTrack:phq9:3", Start.AddDays(14), "…") { CheckIn = 3 };
        ToldFinding[] told = [new("NotOnTrack:phq9:4", FindingKind.NotOnTrack, "phq9", Start.AddDays(21))];
        Assert.True(AlertPolicy.WasTold(onset3, told));

        // The same key is told whatever it is; a state that began after the one told is news (the first run ended);
        // another measure's or another kind's is news; an event (a sudden gain) is told by its own key only.
        Assert.True(AlertPolicy.WasTold(onset3 with { Kind = FindingKind.SuddenGain }, [new("NotOnTrack:phq9:3", FindingKind.NotOnTrack, "phq9", null)]));
        Assert.False(AlertPolicy.WasTold(onset3 with { Key = "NotOnTrack:phq9:6", At = Start.AddDays(35) }, told));
        Assert.False(AlertPolicy.WasTold(onset3 with { InstrumentId = "gad7" }, told));
        Assert.False(AlertPolicy.WasTold(onset3 with { Kind = FindingKind.ReliableDeterioration }, told));
        Assert.False(AlertPolicy.WasTold(onset3 with { Kind = FindingKind.SuddenGain, Key = "SuddenGain:phq9:3" }, [new("SuddenGain:phq9:4", FindingKind.SuddenGain, "phq9", Start.AddDays(21))]));
    }
}
