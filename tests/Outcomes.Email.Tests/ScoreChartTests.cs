using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Email.Charts;
using Outcomes.Practice.Charts;
using SkiaSharp;

namespace Outcomes.Email.Tests;

/// <summary>The email's chart as a mail client shows it: a PNG with the bands, the cutoff, the axes' labels and the line.</summary>
public class ScoreChartTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 18, 0, 0, TimeSpan.Zero);
    private static readonly SKColor Line = SKColor.Parse(ChartLayout.LineColour);

    private static ScoreChart Phq9(params double[] scores) =>
        ScoreChart.Of(InstrumentCatalog.BuiltIn["phq9"], scores.Select((s, i) => new ScorePoint(Start.AddDays(7 * i), s)).ToList(), [], "Europe/London");

    [Fact]
    public void Chart_IsAPngAtTwiceTheShownSizeWithBandsCutoffAndLine()
    {
        using var bitmap = SKBitmap.Decode(new SkiaScoreChart().RenderPng(Phq9(18, 17, 18, 9, 8, 7)));

        Assert.Equal((SkiaScoreChart.Width * 2, SkiaScoreChart.Height * 2), (bitmap.Width, bitmap.Height));
        var colours = Pixels(bitmap, 0, 0, bitmap.Width, bitmap.Height).ToHashSet();
        Assert.Contains(Line, colours);
        Assert.Equal(5, ChartLayout.Shades.Take(5).Count(shade => colours.Contains(SKColor.Parse(shade)))); // PHQ-9's five bands
    }

    [Fact]
    public void Chart_HasItsLabelsDrawnWithTheEmbeddedFont()
    {
        var chart = Phq9(18, 9);
        var layout = ChartLayout.Of(chart, SkiaScoreChart.Width, SkiaScoreChart.Height);
        using var bitmap = SKBitmap.Decode(new SkiaScoreChart().RenderPng(chart));

        // Below the x axis (the dates) and left of the y axis (the scores), only the labels are drawn: dark pixels there are text.
        int Dark(double x0, double y0, double x1, double y1) => Pixels(bitmap, (int)(x0 * 2), (int)(y0 * 2), (int)(x1 * 2), (int)(y1 * 2)).Count(c => c.Red < 120 && c.Green < 120 && c.Blue < 120);
        Assert.True(Dark(layout.Left, layout.Bottom + 5, layout.Right, layout.Height) > 50, "the check-ins' dates are drawn");
        Assert.True(Dark(0, layout.Top, layout.Left - 4, layout.Bottom) > 50, "the scores are drawn");
    }

    [Fact]
    public void HigherScore_IsDrawnHigher()
    {
        var chart = Phq9(0, 27);
        var layout = ChartLayout.Of(chart, SkiaScoreChart.Width, SkiaScoreChart.Height);
        using var bitmap = SKBitmap.Decode(new SkiaScoreChart().RenderPng(chart));
        int RowOfLine(double x) => Enumerable.Range(0, bitmap.Height).First(y => bitmap.GetPixel((int)(x * 2), y) == Line);
        Assert.True(RowOfLine(layout.Points[1].X - 20) < RowOfLine(layout.Points[0].X + 20), "the line rises from left to right");
    }

    [Fact]
    public void NoScores_IsAnError()
    {
        Assert.Throws<ArgumentException>(() => new SkiaScoreChart().RenderPng(Phq9()));
    }

    private static IEnumerable<SKColor> Pixels(SKBitmap bitmap, int x0, int y0, int x1, int y1)
    {
        for (var x = Math.Max(0, x0); x < Math.Min(bitmap.Width, x1); x++)
        {
            for (var y = Math.Max(0, y0); y < Math.Min(bitmap.Height, y1); y++)
            {
                yield return bitmap.GetPixel(x, y);
            }
        }
    }
}
