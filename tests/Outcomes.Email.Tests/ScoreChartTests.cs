using Outcomes.Clinical.Progress;
using Outcomes.Email.Charts;
using Outcomes.Practice.Digests;
using SkiaSharp;

namespace Outcomes.Email.Tests;

public class ScoreChartTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 18, 0, 0, TimeSpan.Zero);

    private static List<ScorePoint> Weekly(params double[] scores) => scores.Select((s, i) => new ScorePoint(Start.AddDays(7 * i), s)).ToList();

    [Fact]
    public void Chart_IsAPngOfTheStatedSizeWithEachLineInItsNamedColour()
    {
        var chart = new SkiaScoreChart();
        var png = chart.RenderPng([new ChartLine("PHQ-9", Weekly(9, 12, 15, 17), 27), new ChartLine("GAD-7", Weekly(8, 8, 9, 10), 27)]);

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(SkiaScoreChart.Width, bitmap.Width);
        Assert.Equal(SkiaScoreChart.Height, bitmap.Height);
        var colours = Enumerable.Range(0, bitmap.Width).SelectMany(x => Enumerable.Range(0, bitmap.Height).Select(y => bitmap.GetPixel(x, y))).ToHashSet();
        Assert.Contains(new SKColor(0x1f, 0x4e, 0x9a), colours); // dark blue, the first line
        Assert.Contains(new SKColor(0xd9, 0x6c, 0x00), colours); // orange, the second
        Assert.Equal(["dark blue", "orange", "purple"], chart.Colours);
    }

    [Fact]
    public void HigherScore_IsDrawnHigher()
    {
        using var bitmap = SKBitmap.Decode(new SkiaScoreChart().RenderPng([new ChartLine("PHQ-9", Weekly(0, 27), 27)]));
        int RowOfLine(int x) => Enumerable.Range(0, bitmap.Height).First(y => bitmap.GetPixel(x, y) == new SKColor(0x1f, 0x4e, 0x9a));
        Assert.True(RowOfLine(SkiaScoreChart.Width - 12) < RowOfLine(12), "the line rises from left to right");
    }

    [Fact]
    public void NoScores_IsAnError()
    {
        Assert.Throws<ArgumentException>(() => new SkiaScoreChart().RenderPng([new ChartLine("PHQ-9", [], 27)]));
    }
}
