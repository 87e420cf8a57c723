using Outcomes.Clinical.SuddenGains;

namespace Outcomes.Clinical.Tests;

/// <summary>
/// The engine against the suddengains R package's own output on its example data (Reference/
/// suddengains, MIT): BDI-II sessions 1–12, cutoff 7, 25 %, criterion 3 adjusted, no 1→2 interval.
/// </summary>
public class SuddenGainsConformanceTests
{
    private static readonly SuddenChangeCriteria PackageCriteria = new(cutoff: 7, reversalFrom: 3);

    private static readonly Dictionary<string, double[]> Series = ReferenceCsv.Read("suddengains_sgdata.csv")
        .ToDictionary(
            row => row["id"],
            row => new[] { double.NaN }.Concat(Enumerable.Range(1, 12).Select(s => ReferenceCsv.Score(row[$"bdi_s{s}"]))).ToArray());

    [Fact]
    public void SuddenGains_AllTwentyFourOfSgdataWithSessionsScoresMagnitudeAndReversal()
    {
        var found = Series
            .SelectMany(p => SuddenChangeDetector.Find(p.Value, hasBaseline: false, ChangeDirection.Decrease, PackageCriteria)
                .Select(g => $"{p.Key},{g.PreSession},{g.PostSession},{g.PreScore},{g.PostScore},{g.Magnitude},{(g.Reversed ? 1 : 0)}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        var expected = ReferenceCsv.Read("suddengains_expected.csv")
            .Select(r => $"{r["id"]},{r["pregain_session"]},{r["postgain_session"]},{r["pre_score"]},{r["post_score"]},{r["sg_magnitude"]},{r["sg_reversal"]}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(24, expected.Count);
        Assert.Equal(expected, found);
        Assert.Equal(15, found.Select(f => f.Split(',')[0]).Distinct().Count());
    }

    [Fact]
    public void IntervalGrid_MatchesEveryCellIncludingUndecidable()
    {
        var rows = ReferenceCsv.Read("suddengains_identify_sg_grid.csv");
        Assert.Equal(43, rows.Count);
        var cells = 0;
        foreach (var row in rows)
        {
            var intervals = SuddenChangeDetector.Intervals(Series[row["id"]], hasBaseline: false, ChangeDirection.Decrease, PackageCriteria);
            Assert.Equal(Enumerable.Range(2, 9), intervals.Select(i => i.PreSession));
            foreach (var interval in intervals)
            {
                var expected = ReferenceCsv.Logical(row[$"sg_{interval.PreSession}to{interval.PreSession + 1}"]);
                Assert.True(expected == interval.IsSuddenChange, $"id {row["id"]}, interval {interval.PreSession}: expected {expected}, got {interval.IsSuddenChange}");
                cells++;
            }
        }

        Assert.Equal(43 * 9, cells);
    }

    [Fact]
    public void CriteriaDetails_MatchEachCriterionPerInterval()
    {
        foreach (var row in ReferenceCsv.Read("suddengains_identify_sg_crit123_details.csv"))
        {
            var intervals = SuddenChangeDetector.Intervals(Series[row["id"]], hasBaseline: false, ChangeDirection.Decrease, PackageCriteria);
            foreach (var interval in intervals)
            {
                var name = $"{interval.PreSession}to{interval.PreSession + 1}";
                Assert.True(ReferenceCsv.Logical(row[$"sg_crit1_{name}"]) == interval.Criterion1, $"id {row["id"]} crit1 {name}");
                Assert.True(ReferenceCsv.Logical(row[$"sg_crit2_{name}"]) == interval.Criterion2, $"id {row["id"]} crit2 {name}");
                Assert.True(ReferenceCsv.Logical(row[$"sg_crit3_{name}"]) == interval.Criterion3, $"id {row["id"]} crit3 {name}");
            }
        }
    }

    [Fact]
    public void ReversalWindow_ClinicalRuleAgreesWithPackageOnSgdata()
    {
        // clinical.md looks for a reversal from x[n+2]; the package, without a baseline, from x[n+3].
        // On sgdata no gain tells them apart, so both give the package's 4 reversals.
        var clinical = new SuddenChangeCriteria(cutoff: 7);
        var reversals = Series.Values.Sum(x => SuddenChangeDetector.Find(x, false, ChangeDirection.Decrease, clinical).Count(g => g.Reversed));
        Assert.Equal(4, reversals);
    }
}
