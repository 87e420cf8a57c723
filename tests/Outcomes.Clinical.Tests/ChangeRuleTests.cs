using Outcomes.Clinical.Engagement;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;

namespace Outcomes.Clinical.Tests;

/// <summary>Change from baseline, recovery, the paired rule, not on track, openness and alliance (clinical.md).</summary>
public class ChangeRuleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static List<ScorePoint> Weekly(params double[] scores) =>
        scores.Select((s, i) => new ScorePoint(Start.AddDays(7 * i), s)).ToList();

    private static ChangeFromBaseline Change(Instrument instrument, params double[] scores) => ChangeFromBaseline.Assess(instrument, Weekly(scores));

    [Fact]
    public void Change_IsLatestMinusBaselineWithPercent()
    {
        var change = Change(TestInstruments.Phq9, 20, 14, 15);
        Assert.Equal((20.0, 15.0, -5.0), (change.Baseline.Score, change.Latest.Score, change.Change));
        Assert.Equal(-0.25, change.PercentChange);
    }

    [Fact]
    public void PercentChange_IsUndefinedFromABaselineOfZero()
    {
        Assert.Null(Change(TestInstruments.Phq9, 0, 3).PercentChange);
    }

    [Theory]
    [InlineData(18, 12, ReliableChange.Improvement)]
    [InlineData(18, 13, ReliableChange.None)]
    [InlineData(9, 15, ReliableChange.Deterioration)]
    [InlineData(9, 14, ReliableChange.None)]
    public void Phq9ReliableChange_IsSixPointsEitherWay(double baseline, double latest, ReliableChange expected)
    {
        Assert.Equal(expected, Change(TestInstruments.Phq9, baseline, latest).ReliableChange);
    }

    [Theory]
    [InlineData(12, 8, ReliableChange.Improvement)]
    [InlineData(12, 9, ReliableChange.None)]
    [InlineData(5, 9, ReliableChange.Deterioration)]
    public void Gad7ReliableChange_IsFourPointsEitherWay(double baseline, double latest, ReliableChange expected)
    {
        Assert.Equal(expected, Change(TestInstruments.Gad7, baseline, latest).ReliableChange);
    }

    [Fact]
    public void Recovery_IsCasenessAtBaselineAndNotNow_ReliableWhenAlsoReliablyImproved()
    {
        var recovered = Change(TestInstruments.Phq9, 12, 8);
        Assert.Equal((true, false, true, false), (recovered.CasenessAtBaseline, recovered.CasenessNow, recovered.Recovery, recovered.ReliableRecovery));

        var reliably = Change(TestInstruments.Phq9, 16, 7);
        Assert.True(reliably.ReliableRecovery);

        var neverCase = Change(TestInstruments.Phq9, 9, 2);
        Assert.Equal((false, ReliableChange.Improvement), (neverCase.Recovery, neverCase.ReliableChange));

        var stillCase = Change(TestInstruments.Phq9, 20, 10);
        Assert.False(stillCase.Recovery);
    }

    [Fact]
    public void CheckIn_HasNoCasenessOrReliableChange()
    {
        var change = Change(TestInstruments.CheckIn, 4, 10);
        Assert.Null(change.ReliableChange);
        Assert.Null(change.Recovery);
    }

    [Fact]
    public void PairedRule_ImprovementNeedsOneImprovedAndNoneWorse()
    {
        var paired = PairedChange.Assess(Change(TestInstruments.Phq9, 18, 11), Change(TestInstruments.Gad7, 10, 8));
        Assert.True(paired.ReliableImprovement);
        Assert.False(paired.ReliableDeterioration);

        var mixed = PairedChange.Assess(Change(TestInstruments.Phq9, 18, 11), Change(TestInstruments.Gad7, 6, 10));
        Assert.False(mixed.ReliableImprovement);
        Assert.True(mixed.ReliableDeterioration);
    }

    [Fact]
    public void PairedRule_RecoveryNeedsNeitherAtCasenessNow()
    {
        var both = PairedChange.Assess(Change(TestInstruments.Phq9, 12, 8), Change(TestInstruments.Gad7, 9, 6));
        Assert.Equal((true, false, true), (both.CasenessAtBaseline, both.CasenessNow, both.Recovery));

        var anxiousStill = PairedChange.Assess(Change(TestInstruments.Phq9, 12, 5), Change(TestInstruments.Gad7, 9, 8));
        Assert.False(anxiousStill.Recovery);

        // Caseness on either measure at baseline counts: PHQ-9 below, GAD-7 at caseness.
        var oneCase = PairedChange.Assess(Change(TestInstruments.Phq9, 8, 4), Change(TestInstruments.Gad7, 12, 5));
        Assert.True(oneCase.ReliableRecovery);
    }

    [Theory]
    [InlineData(3, 15, 15, false)] // three weeks: too early to judge
    [InlineData(4, 15, 13, true)]  // 13 % better, still at caseness
    [InlineData(4, 15, 12, false)] // exactly 20 % better
    [InlineData(4, 15, 9, false)]  // below caseness
    [InlineData(6, 12, 14, true)]  // worse
    public void NotOnTrack_FromFourWeeksAtCasenessWithUnderTwentyPercent(int weeks, double baseline, double latest, bool expected)
    {
        var series = new List<ScorePoint> { new(Start, baseline), new(Start.AddDays(7 * weeks), latest) };
        var change = ChangeFromBaseline.Assess(TestInstruments.Phq9, series);
        Assert.Equal(expected, NotOnTrack.Assess(TestInstruments.Phq9, change, ClinicalSettings.Default));
    }

    [Fact]
    public void NotOnTrack_ReliableDeteriorationAtAnyTime()
    {
        var series = new List<ScorePoint> { new(Start, 8), new(Start.AddDays(7), 15) };
        Assert.True(NotOnTrack.Assess(TestInstruments.Phq9, ChangeFromBaseline.Assess(TestInstruments.Phq9, series), ClinicalSettings.Default));
    }

    [Fact]
    public void NotOnTrack_FollowsAClinicsOwnSettings()
    {
        var series = new List<ScorePoint> { new(Start, 15), new(Start.AddDays(14), 14) };
        var change = ChangeFromBaseline.Assess(TestInstruments.Phq9, series);
        Assert.False(NotOnTrack.Assess(TestInstruments.Phq9, change, ClinicalSettings.Default));
        Assert.True(NotOnTrack.Assess(TestInstruments.Phq9, change, ClinicalSettings.Default with { NotOnTrackAfter = TimeSpan.FromDays(14) }));
    }

    [Theory]
    [InlineData(new double[] { 6, 7, 8, 9 }, TrendDirection.Rising, 1)]
    [InlineData(new double[] { 9, 9, 8, 9 }, TrendDirection.Steady, 0)]
    [InlineData(new double[] { 10, 8, 6 }, TrendDirection.Falling, -2)]
    [InlineData(new double[] { 2, 2, 6, 6 }, TrendDirection.Rising, 1.6666666666666665)] // median of 0, 0, 4/3, 2, 2, 4
    [InlineData(new double[] { 12, 0, 6, 7, 8, 9 }, TrendDirection.Rising, 1)] // only the last four count
    public void OpennessTrend_IsTheTheilSenSlopeOfTheLastFourCheckIns(double[] openness, TrendDirection direction, double slope)
    {
        var trend = OpennessTrend.Assess(openness, ClinicalSettings.Default)!;
        Assert.Equal((direction, slope), (trend.Direction, trend.SlopePerCheckIn));
        Assert.Equal(Math.Min(4, openness.Length), trend.CheckIns);
    }

    [Fact]
    public void OpennessTrend_NeedsThreeCheckIns()
    {
        Assert.Null(OpennessTrend.Assess([5, 9], ClinicalSettings.Default));
    }

    [Fact]
    public void OpennessTrend_BoundaryOfHalfAPointIsRisingOrFalling()
    {
        Assert.Equal(TrendDirection.Rising, OpennessTrend.Assess([4, 4.5, 5], ClinicalSettings.Default)!.Direction);
        Assert.Equal(TrendDirection.Falling, OpennessTrend.Assess([5, 4.5, 4], ClinicalSettings.Default)!.Direction);
    }

    [Theory]
    [InlineData(new[] { 4, 3 }, false)] // one point: within a client's week-to-week movement
    [InlineData(new[] { 4, 2 }, true)] // two points
    [InlineData(new[] { 4, 3, 2 }, true)] // fell at two check-ins in a row
    [InlineData(new[] { 4, 3, 3 }, false)]
    [InlineData(new[] { 3, 4, 3 }, false)]
    [InlineData(new[] { 4, 4 }, false)]
    [InlineData(new[] { 3, 4 }, false)]
    [InlineData(new[] { 2, 2 }, false)]
    [InlineData(new[] { 2, 1 }, true)] // low
    [InlineData(new[] { 1 }, true)]
    [InlineData(new[] { 0, 0 }, true)]
    public void AllianceSignal_IsADropThatMatters_TwoPointsOrTwiceInARow_OrTrustAtOneOrLess(int[] trust, bool signal)
    {
        Assert.Equal(signal, AllianceSignal.Assess(trust, ClinicalSettings.Default) is not null);
    }

    [Theory]
    [InlineData(new double[] { 8, 8, 7, 7, 6, 6, 5, 5, 4, 4 }, TrendDirection.Falling, 4.0)] // B-202: halved, a slope of −0.33 the window alone calls steady
    [InlineData(new double[] { 8, 8, 8, 7, 7, 7, 7, 7, 5 }, TrendDirection.Steady, null)] // one low check-in is not a trend (slope −0.33)
    [InlineData(new double[] { 8, 8, 8, 7, 7, 6, 6, 5, 5 }, TrendDirection.Falling, 3.0)] // a slow slide (slope −0.42), three below the start twice
    [InlineData(new double[] { 8, 8, 8, 8, 8, 8, 7, 7, 6, 6 }, TrendDirection.Steady, null)] // two below: within the rule
    [InlineData(new double[] { 3, 4, 5, 5, 5, 5 }, TrendDirection.Steady, null)] // above the start: never a drop
    public void OpennessTrend_FallsOnALargeDropFromTheClientsOwnStart(double[] openness, TrendDirection direction, double? drop)
    {
        var trend = OpennessTrend.Assess(openness, ClinicalSettings.Default)!;
        Assert.Equal((direction, drop), (trend.Direction, trend.DropFromStart));
    }
}
