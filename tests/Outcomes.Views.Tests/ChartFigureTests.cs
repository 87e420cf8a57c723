using AngleSharp.Html.Parser;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice.Charts;
using Outcomes.Views.Charts;

namespace Outcomes.Views.Tests;

/// <summary>A chart in a page as a screen reader and a sighted reader get it: SVG with a title and description, the bands, the cutoff, the dates, the findings, and the same scores as a table.</summary>
public class ChartFigureTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 7, 17, 0, 0, TimeSpan.Zero);

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> RenderAsync()
    {
        var gain = new Finding(FindingKind.SuddenGain, "phq9", "k", Start.AddDays(21), "…") { CheckIn = 4 };
        var chart = ScoreChart.Of(InstrumentCatalog.BuiltIn["phq9"], new double[] { 18, 17, 18, 9, 8 }.Select((s, i) => new ScorePoint(Start.AddDays(7 * i), s)).ToList(), [gain], "Europe/London");
        var html = await Rendering.Html.RenderAsync<ScoreChartFigure>(new Dictionary<string, object?> { ["Chart"] = chart, ["Id"] = "c1" });
        return new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body>{html}</body></html>");
    }

    [Fact]
    public async Task Svg_IsAnImageWithATitleAndADescriptionThatCarriesTheScores()
    {
        var page = await RenderAsync();

        var svg = page.QuerySelector("figure svg")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        var names = svg.GetAttribute("aria-labelledby")!.Split(' ');
        Assert.Equal("PHQ-9 over time", page.GetElementById(names[0])!.TextContent);
        Assert.Equal(
            "PHQ-9 at 5 check-ins, from 18 on 7 Sep 2026 to 8 on 5 Oct 2026 (mild); clinical cutoff 10; lower is better; scores: 18, 17, 18, 9, 8; marked: sudden gain at check-in 4.",
            page.GetElementById(names[1])!.TextContent);
    }

    [Fact]
    public async Task Svg_DrawsTheBandsTheCutoffTheDatesAndTheMarkedCheckIn()
    {
        var svg = (await RenderAsync()).QuerySelector("figure svg")!;

        Assert.Equal(5, svg.QuerySelectorAll("rect.band").Length);
        Assert.Equal("5 4", svg.QuerySelector("line.cutoff")!.GetAttribute("stroke-dasharray"));
        var words = svg.QuerySelectorAll("text").Select(t => t.TextContent).ToList();
        Assert.Contains("cutoff 10", words);
        Assert.Contains("moderately severe", words);
        Assert.Contains("7 Sep", words);
        Assert.Contains("5 Oct", words);
        Assert.Contains("sudden gain", words);
        Assert.Single(svg.QuerySelectorAll("circle.marker"));
        Assert.Contains("Check-in 4, 28 Sep 2026: 9", svg.QuerySelectorAll("circle title").Select(t => t.TextContent));
    }

    [Fact]
    public async Task Table_GivesEveryCheckInNumberedFromOneWithDateScoreBandAndWhatWasNoticed()
    {
        var rows = (await RenderAsync()).QuerySelectorAll("figure table tr").Skip(1)
            .Select(r => string.Join("|", r.QuerySelectorAll("td").Select(c => c.TextContent)))
            .ToList();

        Assert.Equal(
            ["1|7 Sep 2026|18|moderately severe|", "2|14 Sep 2026|17|moderately severe|", "3|21 Sep 2026|18|moderately severe|", "4|28 Sep 2026|9|mild|sudden gain", "5|5 Oct 2026|8|mild|"],
            rows);
    }

    [Fact]
    public async Task Caption_NamesOnlyWhatTheChartHas()
    {
        var phq9 = await RenderAsync();
        Assert.Contains("Shaded: the severity bands; dashed: the clinical cutoff; circled: what was noticed", phq9.QuerySelector("figcaption")!.TextContent, StringComparison.Ordinal);

        // The check-in's openness has no bands and no cutoff: its caption says nothing of them.
        var checkin = ScoreChart.Of(InstrumentCatalog.BuiltIn["checkin"], new double[] { 3, 4 }.Select((s, i) => new ScorePoint(Start.AddDays(7 * i), s)).ToList(), [], "Europe/London");
        var html = await Rendering.Html.RenderAsync<ScoreChartFigure>(new Dictionary<string, object?> { ["Chart"] = checkin, ["Id"] = "c2", ["Wide"] = true });
        var page = new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body>{html}</body></html>");
        Assert.DoesNotContain("band", page.QuerySelector("figcaption")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("cutoff", page.QuerySelector("figcaption")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("100%", page.QuerySelector("svg")!.GetAttribute("width")); // the portal's: the page's width
    }

    [Fact]
    public async Task TheExpectedRange_IsShadedAlongTheCheckIns_AndSaidToBeSyntheticInTheCaptionAndTheDescription()
    {
        var phq9 = InstrumentCatalog.BuiltIn["phq9"];
        var series = new double[] { 16, 16, 15, 16, 15, 15, 14, 15, 14, 15 }.Select((s, i) => new ScorePoint(Start.AddDays(7 * i), s)).ToList();
        var chart = ScoreChart.Of(phq9, series, [], "Europe/London", InstrumentCatalog.BuiltIn.ExpectedRecoveryFor(phq9));
        Assert.Equal(Enumerable.Range(2, 9), chart.Expected.Select(r => r.CheckIn));

        var html = await Rendering.Html.RenderAsync<ScoreChartFigure>(new Dictionary<string, object?> { ["Chart"] = chart, ["Id"] = "c2", ["Wide"] = true });
        var page = new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body>{html}</body></html>");

        var area = page.QuerySelector("svg polygon.expected")!;
        Assert.Equal(18, area.GetAttribute("points")!.Split(' ').Length); // nine check-ins, along the top and back along the bottom
        Assert.Contains("blue: the expected range (synthetic reference, not this clinic's clients)", page.QuerySelector("figcaption")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("expected range (synthetic reference, not this clinic's clients) at check-in 10: 3.8 to 14.5", page.QuerySelector("svg desc")!.TextContent, StringComparison.Ordinal);

        // A baseline below the cutoff: the reference does not apply, and nothing is drawn.
        Assert.Empty(ScoreChart.Of(phq9, series.Select(p => p with { Score = 8 }).ToList(), [], "Europe/London", InstrumentCatalog.BuiltIn.ExpectedRecoveryFor(phq9)).Expected);
    }
}
