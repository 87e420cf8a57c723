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
}
