using System.Globalization;
using System.Xml.Linq;
using Outcomes.Practice.Charts;
using Outcomes.Practice.Email;

namespace Outcomes.Views.Charts;

/// <summary>
/// A chart as inline SVG, built as XML (every value encoded by the XML writer) from the same
/// <see cref="ChartLayout"/> as the email's PNG. Razor reserves the element name <c>text</c>, so the
/// SVG is made here and the figure around it in <see cref="ScoreChartFigure"/>. Colours and fonts are
/// presentation attributes, not styles, so the pages' Content-Security-Policy needs nothing more.
/// </summary>
public static class SvgChart
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The portal's charts are drawn this wide and scaled to the page's width (<see cref="Render"/>, <c>wide</c>).</summary>
    public const double WideWidth = 760;

    /// <summary>The chart as SVG: <paramref name="wide"/>, drawn for the page's width; else at the email's size. Scaled to its container when wide or <paramref name="fill"/>.</summary>
    public static string Render(ScoreChart chart, string id, bool wide = false, bool fill = false)
    {
        fill |= wide;
        var layout = wide ? ChartLayout.Of(chart, WideWidth, 240) : ChartLayout.Of(chart);
        var svg = new XElement(
            Svg + "svg",
            new XAttribute("viewBox", $"0 0 {N(layout.Width)} {N(layout.Height)}"),
            new XAttribute("width", fill ? "100%" : N(layout.Width)),
            new XAttribute("height", fill ? "auto" : N(layout.Height)),
            new XAttribute("role", "img"),
            new XAttribute("aria-labelledby", $"{id}-title {id}-desc"),
            new XAttribute("font-family", "system-ui, sans-serif"),
            new XAttribute("font-size", "10"),
            new XElement(Svg + "title", new XAttribute("id", $"{id}-title"), $"{chart.Measure} over time"),
            new XElement(Svg + "desc", new XAttribute("id", $"{id}-desc"), Describe(chart)));

        foreach (var band in layout.Bands)
        {
            svg.Add(new XElement(Svg + "rect", Attributes(("x", layout.Left), ("y", band.Top), ("width", layout.Right - layout.Left), ("height", band.Bottom - band.Top)), new XAttribute("fill", band.Fill), new XAttribute("class", "band")));
            if (band.Bottom - band.Top >= 11)
            {
                svg.Add(Text(layout.Right + 5, ((band.Top + band.Bottom) / 2) + 3.5, band.Label, "start", ChartLayout.CutoffColour));
            }
        }

        svg.Add(Line(layout.Left, layout.Top, layout.Left, layout.Bottom, ChartLayout.AxisColour));
        svg.Add(Line(layout.Left, layout.Bottom, layout.Right, layout.Bottom, ChartLayout.AxisColour));
        foreach (var tick in layout.YTicks)
        {
            svg.Add(Line(layout.Left - 3, tick.At, layout.Left, tick.At, ChartLayout.AxisColour));
            svg.Add(Text(layout.Left - 5, tick.At + 3.5, tick.Label, "end", ChartLayout.AxisColour));
        }

        foreach (var tick in layout.XTicks)
        {
            svg.Add(Line(tick.At, layout.Bottom, tick.At, layout.Bottom + 3, ChartLayout.AxisColour));
            svg.Add(Text(tick.At, layout.Bottom + 14, tick.Label, "middle", ChartLayout.AxisColour));
        }

        if (layout.Expected.Count >= 2)
        {
            // One area: the top edge left to right, the bottom edge back.
            var edge = layout.Expected.Select(e => $"{N(e.X)},{N(e.Top)}").Concat(layout.Expected.AsEnumerable().Reverse().Select(e => $"{N(e.X)},{N(e.Bottom)}"));
            svg.Add(new XElement(Svg + "polygon", new XAttribute("points", string.Join(' ', edge)), new XAttribute("fill", ChartLayout.ExpectedFill), new XAttribute("fill-opacity", "0.14"), new XAttribute("stroke", ChartLayout.ExpectedFill), new XAttribute("stroke-opacity", "0.5"), new XAttribute("stroke-dasharray", "3 2"), new XAttribute("class", "expected")));
        }

        if (layout.Cutoff is { } cutoff)
        {
            var line = Line(layout.Left, cutoff.At, layout.Right, cutoff.At, ChartLayout.CutoffColour);
            line.Add(new XAttribute("stroke-dasharray", "5 4"), new XAttribute("class", "cutoff"));
            svg.Add(line);
            svg.Add(Text(layout.Right - 4, cutoff.At + 12, cutoff.Label, "end", ChartLayout.CutoffColour));
        }

        svg.Add(new XElement(
            Svg + "polyline",
            new XAttribute("points", string.Join(" ", layout.Points.Select(p => $"{N(p.X)},{N(p.Y)}"))),
            new XAttribute("fill", "none"),
            new XAttribute("stroke", ChartLayout.LineColour),
            new XAttribute("stroke-width", "2.5")));
        foreach (var point in layout.Points)
        {
            svg.Add(new XElement(
                Svg + "circle",
                Attributes(("cx", point.X), ("cy", point.Y), ("r", 3.5)),
                new XAttribute("fill", ChartLayout.LineColour),
                new XElement(Svg + "title", $"Check-in {point.Point.CheckIn}, {EmailText.LocalDate(point.Point.At, chart.TimeZone)}: {EmailText.Number(point.Point.Score)}")));
        }

        foreach (var (x, y) in layout.Markers.Select(m => (m.X, m.Y)).Distinct())
        {
            svg.Add(new XElement(Svg + "circle", Attributes(("cx", x), ("cy", y), ("r", 7)), new XAttribute("fill", "none"), new XAttribute("stroke", chart.MarkerColour), new XAttribute("stroke-width", "2"), new XAttribute("class", "marker")));
        }

        foreach (var label in layout.Labels)
        {
            var leader = Line(label.MarkerX, label.Y + 3, label.MarkerX, label.MarkerY - 7, chart.MarkerColour);
            leader.Add(new XAttribute("stroke-dasharray", "2 2"));
            svg.Add(leader);
            var words = Text(label.X, label.Y, label.Text, "middle", chart.MarkerColour);
            words.Add(new XAttribute("class", "marker-label"));
            svg.Add(words);
        }

        svg.Add(Text(layout.Left, 12, chart.Measure, "start", ChartLayout.AxisColour));
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>The chart in words, for a screen reader: from what to what, the cutoff, what is marked.</summary>
    public static string Describe(ScoreChart chart)
    {
        if (chart.Points.Count == 0)
        {
            return $"No {chart.Measure} scores yet.";
        }

        var first = chart.Points[0];
        var last = chart.Points[^1];
        var words = $"{chart.Measure} at {chart.Points.Count} check-ins, from {EmailText.Number(first.Score)} on {EmailText.LocalDate(first.At, chart.TimeZone)} to {EmailText.Number(last.Score)} on {EmailText.LocalDate(last.At, chart.TimeZone)}"
            + (chart.BandOf(last.Score) is { } band ? $" ({band})" : "")
            + (chart.Cutoff is double c ? $"; clinical cutoff {EmailText.Number(c)}" : "")
            + (chart.Direction == Clinical.Instruments.ScoreDirection.LowerIsBetter ? "; lower is better" : "; higher is better")
            + (chart.Expected.Count > 0 && chart.Expected[^1] is var e ? $"; {chart.ExpectedLabel} at check-in {e.CheckIn}: {EmailText.Number(e.Low)} to {EmailText.Number(e.High)}" : "")
            + $"; scores: {string.Join(", ", chart.Points.Select(p => EmailText.Number(p.Score)))}";
        return chart.Markers.Count == 0 ? words + "." : words + "; marked: " + string.Join("; ", chart.Markers.Select(m => $"{m.Label} at check-in {m.CheckIn}")) + ".";
    }

    private static XElement Line(double x1, double y1, double x2, double y2, string colour) =>
        new(Svg + "line", Attributes(("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2)), new XAttribute("stroke", colour), new XAttribute("stroke-width", "1"));

    private static XElement Text(double x, double y, string words, string anchor, string colour) =>
        new(Svg + "text", Attributes(("x", x), ("y", y)), new XAttribute("text-anchor", anchor), new XAttribute("fill", colour), words);

    private static IEnumerable<XAttribute> Attributes(params (string Name, double Value)[] values) =>
        values.Select(v => new XAttribute(v.Name, N(v.Value)));

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
