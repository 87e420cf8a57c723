using CsCheck;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice.Charts;

namespace Outcomes.Practice.Tests;

/// <summary>Where a chart's parts go — the same for the page's SVG and the email's PNG.</summary>
public class ChartLayoutTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 7, 18, 0, 0, TimeSpan.Zero);

    private static ScoreChart Phq9(IEnumerable<Finding>? findings, params double[] scores) =>
        ScoreChart.Of(InstrumentCatalog.BuiltIn["phq9"], scores.Select((s, i) => new ScorePoint(Start.AddDays(7 * i), s)).ToList(), findings ?? [], "Europe/London");

    [Fact]
    public void Chart_NumbersCheckInsFromOneAndMarksFindingsAtTheirCheckIn()
    {
        var gain = new Finding(FindingKind.SuddenGain, "phq9", "k", Start.AddDays(21), "PHQ-9 fell from 18 to 9 between check-ins 3 and 4: sudden gain") { CheckIn = 4 };
        var other = new Finding(FindingKind.ReliableDeterioration, "gad7", "k2", Start, "GAD-7 …") { CheckIn = 1 };
        var chart = Phq9([gain, other], 18, 17, 18, 9, 8);

        Assert.Equal([1, 2, 3, 4, 5], chart.Points.Select(p => p.CheckIn));
        Assert.Equal(new ChartMarker(4, "sudden gain"), Assert.Single(chart.Markers)); // GAD-7's finding is not on PHQ-9's chart
        Assert.Equal(10, chart.Cutoff);

        var layout = ChartLayout.Of(chart);
        var marker = Assert.Single(layout.Markers);
        Assert.Equal((layout.Points[3].X, layout.Points[3].Y), (marker.X, marker.Y));
    }

    [Fact]
    public void Layout_HigherScoresUpLaterDatesRightBandsEdgeToEdge()
    {
        var layout = ChartLayout.Of(Phq9(null, 27, 0));

        Assert.True(layout.Points[0].Y < layout.Points[1].Y);
        Assert.True(layout.Points[0].X < layout.Points[1].X);
        Assert.Equal(["minimal", "mild", "moderate", "moderately severe", "severe"], layout.Bands.Select(b => b.Label));
        Assert.Equal(layout.Bottom, layout.Bands[0].Bottom);
        Assert.Equal(layout.Top, layout.Bands[^1].Top);
        for (var i = 1; i < layout.Bands.Count; i++)
        {
            Assert.Equal(layout.Bands[i - 1].Top, layout.Bands[i].Bottom); // no gap, no overlap
        }

        Assert.Equal(["0", "5", "10", "15", "20", "27"], layout.YTicks.Select(t => t.Label));
        Assert.Equal("cutoff 10", layout.Cutoff!.Label);
        Assert.Equal(layout.YTicks.Single(t => t.Label == "10").At, layout.Cutoff.At);
    }

    [Fact]
    public void Layout_ThinsTheDatesSoTheyNeverMeetAndKeepsFirstAndLast()
    {
        // Thirty check-ins, weekly but for a gap of ten weeks: the dates are where the check-ins are in time.
        var series = Enumerable.Range(0, 30).Select(i => new ScorePoint(Start.AddDays(7 * i + (i >= 20 ? 70 : 0)), i % 27)).ToList();
        var layout = ChartLayout.Of(ScoreChart.Of(InstrumentCatalog.BuiltIn["phq9"], series, [], "Europe/London"));

        Assert.Equal("7 Sep", layout.XTicks[0].Label);
        Assert.Equal(layout.Points[^1].X, layout.XTicks[^1].At);
        Assert.All(layout.XTicks.Zip(layout.XTicks.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= 52, $"{pair.First.Label} and {pair.Second.Label} meet"));
    }

    [Fact]
    public void Labels_AtNeighbouringCheckInsNeverMeet_AndEachLeadsToItsMarker()
    {
        // A-101's course in the demo: a sudden gain at check-in 4, reliable recovery at check-in 5, a week apart.
        var gain = new Finding(FindingKind.SuddenGain, "phq9", "g", Start.AddDays(21), "…") { CheckIn = 4 };
        var recovery = new Finding(FindingKind.ReliableRecovery, "phq9", "r", Start.AddDays(28), "…") { CheckIn = 5 };
        var plain = ChartLayout.Of(Phq9(null, 18, 17, 18, 9, 8, 7, 6, 5, 5, 4));
        var layout = ChartLayout.Of(Phq9([gain, recovery], 18, 17, 18, 9, 8, 7, 6, 5, 5, 4));

        Assert.Equal(["sudden gain", "reliable recovery"], layout.Labels.Select(l => l.Text));
        AssertApart(layout);
        Assert.Equal([layout.Points[3].X, layout.Points[4].X], layout.Labels.Select(l => l.MarkerX));
        Assert.All(layout.Labels, l => Assert.True(l.Y < layout.Top, "above the plot"));
        Assert.Equal(plain.Bottom - plain.Top, layout.Bottom - layout.Top); // the plot keeps its height; the canvas grows
        Assert.True(layout.Height > plain.Height);
    }

    [Fact]
    public void Labels_NeverMeetNorLeaveTheCanvas_WhateverIsNoticedWhere()
    {
        var kinds = new[] { FindingKind.SuddenGain, FindingKind.SuddenLoss, FindingKind.ReliableImprovement, FindingKind.ReliableDeterioration, FindingKind.ReliableRecovery, FindingKind.ProvisionalSuddenGain };
        Gen.Select(Gen.Int[2, 30], Gen.Int[0, kinds.Length - 1].Array[30], Gen.Int[1, 30].Array[0, 12]).Sample((n, kindOf, at) =>
        {
            var findings = at.Where(c => c <= n).Select((c, i) => new Finding(kinds[kindOf[c - 1]], "phq9", $"f{i}", Start, "…") { CheckIn = c }).ToList();
            var layout = ChartLayout.Of(Phq9(findings, [.. Enumerable.Range(0, n).Select(i => (double)(i * 7 % 28))]));
            AssertApart(layout);
            Assert.All(layout.Labels, l => Assert.InRange(l.X - (l.Width / 2), 0, l.X + (l.Width / 2)));
            Assert.All(layout.Labels, l => Assert.True(l.X + (l.Width / 2) <= layout.Width, $"{l.Text} leaves the canvas"));
        });
    }

    private static void AssertApart(ChartLayout layout)
    {
        foreach (var a in layout.Labels)
        {
            foreach (var b in layout.Labels.Where(b => !ReferenceEquals(a, b) && b.Y == a.Y))
            {
                Assert.True(Math.Abs(a.X - b.X) >= ((a.Width + b.Width) / 2) + 6, $"“{a.Text}” and “{b.Text}” meet");
            }
        }
    }
}
