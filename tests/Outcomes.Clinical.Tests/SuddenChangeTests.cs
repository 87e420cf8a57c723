using Outcomes.Clinical.SuddenGains;

namespace Outcomes.Clinical.Tests;

/// <summary>Each sudden gain and loss rule of clinical.md, on series made for it.</summary>
public class SuddenChangeTests
{
    private const double NA = double.NaN;
    private static readonly SuddenChangeCriteria Bdi = new(cutoff: 7);

    // x[0] is the baseline slot (NaN: none); sessions 1.. follow.
    private static double[] Sessions(params double[] scores) => [NA, .. scores];

    private static IntervalResult At(double[] x, int n, ChangeDirection direction = ChangeDirection.Decrease, SuddenChangeCriteria? criteria = null, bool baseline = false) =>
        SuddenChangeDetector.Evaluate(x, n, baseline, direction, criteria ?? Bdi);

    [Fact]
    public void ClearGain_MeetsAllThreeCriteria()
    {
        var x = Sessions(30, 31, 30, 18, 17, 16);
        var result = At(x, 3);
        Assert.Equal(new IntervalResult(3, true, true, true), result);
        Assert.True(result.IsSuddenChange);
        var gain = Assert.Single(SuddenChangeDetector.Find(x, false, ChangeDirection.Decrease, Bdi));
        Assert.Equal((3, 4, 30.0, 18.0, 12.0), (gain.PreSession, gain.PostSession, gain.PreScore, gain.PostScore, gain.Magnitude));
    }

    [Fact]
    public void Criterion1_IsMetAtExactlyTheCutoff()
    {
        Assert.True(At(Sessions(30, 30, 28, 21, 20, 21), 3).Criterion1);
        Assert.False(At(Sessions(30, 30, 28, 22, 20, 21), 3).Criterion1);
    }

    [Fact]
    public void Criterion2_IsMetAtExactlyAQuarterOfThePreScore()
    {
        Assert.True(At(Sessions(28, 28, 28, 21, 21, 21), 3).Criterion2);
        Assert.False(At(Sessions(32, 32, 32, 25, 25, 25), 3).Criterion2);
    }

    [Fact]
    public void Criterion3_ComparesTheMeanDifferenceWithThePooledSd()
    {
        // pre 30, 32, 28 (mean 30, sd 2); post 20, 22, 18 (mean 20, sd 2): 10 > 2.776 · 2 = 5.55.
        Assert.True(At(Sessions(30, 32, 28, 20, 22, 18), 3).Criterion3);

        // pre 30, 38, 22 (sd 8); post 20, 28, 12 (sd 8): 10 < 2.776 · 8.
        Assert.False(At(Sessions(30, 38, 22, 20, 28, 12), 3).Criterion3);
    }

    [Fact]
    public void Criterion3_WithOneMissingUsesDfThreeAndWithOneEachSideDfTwo()
    {
        // Equal means difference d and pooled sd s: passes when d > t · s.
        // pre {30, 28} (sd √2), post {20, 18, 22}: d = 9, s = √((2 + 8) / 3) = 1.826; t(3) = 3.182 → 5.81 < 9.
        var oneMissing = Sessions(NA, 30, 28, 20, 18, 22);
        Assert.True(At(oneMissing, 3).Criterion3);

        // The same with the fixed 2.776 when the adjustment is off, and with alpha .001 (t(3) = 12.92) it fails.
        Assert.True(At(oneMissing, 3, criteria: new SuddenChangeCriteria(7, adjustCriticalValue: false)).Criterion3);
        Assert.False(At(oneMissing, 3, criteria: new SuddenChangeCriteria(7, alpha: 0.001)).Criterion3);
        Assert.Equal(3.1824463052842638, new SuddenChangeCriteria(7).CriticalValue(5), 12);
        Assert.Equal(4.3026527297494637, new SuddenChangeCriteria(7).CriticalValue(4), 12);
        Assert.Equal(2.776, new SuddenChangeCriteria(7, adjustCriticalValue: false).CriticalValue(4));
    }

    [Fact]
    public void FewerThanTwoValuesBeforeOrAfter_IsUndecidable()
    {
        var x = Sessions(NA, NA, 30, 18, 17, 16);
        var result = At(x, 3);
        Assert.Null(result.Criterion3);
        Assert.Null(result.IsSuddenChange);
        Assert.True(result.Criterion1);
    }

    [Fact]
    public void MissingPreOrPostScore_IsUndecidableWithoutBridging()
    {
        var x = Sessions(30, 31, 30, NA, 18, 17, 16);
        Assert.Null(At(x, 3).IsSuddenChange);
        Assert.Null(At(x, 4).IsSuddenChange);
        Assert.Empty(SuddenChangeDetector.Find(x, false, ChangeDirection.Decrease, Bdi));
    }

    [Fact]
    public void AnyUndecidableCriterion_MakesTheIntervalUndecidableEvenIfAnotherFails()
    {
        // Criterion 1 fails (a rise), criterion 3 undecidable: R multiplies FALSE by NA and gets NA.
        var x = Sessions(NA, NA, 20, 25, 26, 27);
        var result = At(x, 3);
        Assert.False(result.Criterion1);
        Assert.Null(result.Criterion3);
        Assert.Null(result.IsSuddenChange);
    }

    [Fact]
    public void IntervalsChecked_RunFromTwoToNMinusTwoWithoutBaselineAndFromOneWithIt()
    {
        var x = Sessions(30, 29, 30, 31, 29, 30, 28, 30);
        Assert.Equal([2, 3, 4, 5, 6], SuddenChangeDetector.Intervals(x, false, ChangeDirection.Decrease, Bdi).Select(i => i.PreSession));

        double[] withBaseline = [31, 30, 29, 30, 31, 29, 30, 28, 30];
        Assert.Equal([1, 2, 3, 4, 5, 6], SuddenChangeDetector.Intervals(withBaseline, true, ChangeDirection.Decrease, Bdi).Select(i => i.PreSession));
    }

    [Fact]
    public void GainBetweenSessionsOneAndTwo_IsFoundOnlyWithABaseline()
    {
        double[] x = [32, 30, 15, 14, 13];
        Assert.Empty(SuddenChangeDetector.Find(Sessions(30, 15, 14, 13), false, ChangeDirection.Decrease, Bdi));
        var gain = Assert.Single(SuddenChangeDetector.Find(x, true, ChangeDirection.Decrease, Bdi));
        Assert.Equal(1, gain.PreSession);
    }

    [Fact]
    public void Reversal_IsALaterScoreAboveHalfTheGainBack()
    {
        // 30 → 20 (magnitude 10): a later score above 25 reverses it.
        Assert.True(Assert.Single(SuddenChangeDetector.Find(Sessions(31, 30, 30, 20, 19, 18, 26), false, ChangeDirection.Decrease, Bdi)).Reversed);
        Assert.False(Assert.Single(SuddenChangeDetector.Find(Sessions(31, 30, 30, 20, 19, 18, 25), false, ChangeDirection.Decrease, Bdi)).Reversed);
    }

    [Fact]
    public void ReversalWindow_ClinicalFromNPlusTwoPackageFromNPlusThree()
    {
        // The gain 30 → 20 at 3 → 4; x[5] = 26 is the only score above 25.
        var x = Sessions(31, 30, 30, 20, 26, 19, 18);
        Assert.True(Assert.Single(SuddenChangeDetector.Find(x, false, ChangeDirection.Decrease, new SuddenChangeCriteria(7))).Reversed);
        Assert.False(Assert.Single(SuddenChangeDetector.Find(x, false, ChangeDirection.Decrease, new SuddenChangeCriteria(7, reversalFrom: 3))).Reversed);
    }

    [Fact]
    public void SuddenLoss_IsTheMirrorImage()
    {
        var x = Sessions(10, 11, 10, 22, 23, 24, 15);
        var loss = Assert.Single(SuddenChangeDetector.Find(x, false, ChangeDirection.Increase, Bdi));
        Assert.Equal((3, 10.0, 22.0, 12.0), (loss.PreSession, loss.PreScore, loss.PostScore, loss.Magnitude));

        // Reversal of a loss: a later score below 22 − 6 = 16.
        Assert.True(loss.Reversed);
        Assert.Empty(SuddenChangeDetector.Find(x, false, ChangeDirection.Decrease, Bdi));
    }

    [Fact]
    public void SuddenLossCriterion2_IsSymmetricUnlikeThePackage()
    {
        // 40 → 48 rises by 8 ≥ 7, but 8 < 25 % of 40: not a loss (suddengains would pass criterion 2 for any rise).
        var x = Sessions(40, 40, 40, 48, 48, 48);
        var result = At(x, 3, ChangeDirection.Increase);
        Assert.True(result.Criterion1);
        Assert.False(result.Criterion2);
    }

    [Fact]
    public void LiveSeries_LatestIntervalIsProvisionalThenConfirmedOrDropped()
    {
        var phq9 = new SuddenChangeCriteria(cutoff: 6);
        double[] sofar = [18, 17, 18, 9];
        var provisional = Assert.Single(SuddenChangeDetector.FindLive(sofar, ChangeDirection.Decrease, phq9));
        Assert.Equal((SuddenChangeStatus.Provisional, 2, 18.0, 9.0), (provisional.Status, provisional.PreSession, provisional.PreScore, provisional.PostScore));

        var confirmed = Assert.Single(SuddenChangeDetector.FindLive([18, 17, 18, 9, 8], ChangeDirection.Decrease, phq9));
        Assert.Equal(SuddenChangeStatus.Confirmed, confirmed.Status);

        Assert.Empty(SuddenChangeDetector.FindLive([18, 17, 18, 9, 19], ChangeDirection.Decrease, phq9));
    }

    [Fact]
    public void Criteria_RejectNonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuddenChangeCriteria(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuddenChangeCriteria(7, percent: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuddenChangeCriteria(7, alpha: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuddenChangeCriteria(double.NaN));
    }
}
