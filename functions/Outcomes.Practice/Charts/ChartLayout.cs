using System.Globalization;
using Outcomes.Practice.Email;

namespace Outcomes.Practice.Charts;

/// <summary>The expected range at one check-in, as drawn: at <see cref="X"/>, from <see cref="Top"/> (the less good edge, where lower is better) to <see cref="Bottom"/>.</summary>
public sealed record ExpectedSpan(double X, double Top, double Bottom);

/// <summary>A labelled position on an axis.</summary>
public sealed record Tick(double At, string Label);

/// <summary>A severity band as drawn: from <see cref="Top"/> to <see cref="Bottom"/>, its shade (0 lightest, mildest).</summary>
public sealed record BandArea(double Top, double Bottom, string Label, string Fill);

public sealed record PlacedPoint(double X, double Y, ChartPoint Point);

public sealed record PlacedMarker(double X, double Y, string Label);

/// <summary>What was noticed at one check-in, in words: centred on <see cref="X"/>, its baseline at <see cref="Y"/>, about <see cref="Width"/> wide; a leader runs down to the marker at <see cref="MarkerY"/>.</summary>
public sealed record MarkerLabel(double X, double Y, double Width, string Text, double MarkerX, double MarkerY);

/// <summary>
/// Where everything of a <see cref="ScoreChart"/> goes on a canvas of the given size: worked out
/// once, so that the page's SVG and the email's PNG draw the same picture. The x axis is time
/// (check-ins by date), the y axis the score, higher up.
/// </summary>
public sealed record ChartLayout(
    double Width,
    double Height,
    double Left,
    double Top,
    double Right,
    double Bottom,
    IReadOnlyList<Tick> XTicks,
    IReadOnlyList<Tick> YTicks,
    IReadOnlyList<BandArea> Bands,
    Tick? Cutoff,
    IReadOnlyList<PlacedPoint> Points,
    IReadOnlyList<PlacedMarker> Markers,
    IReadOnlyList<MarkerLabel> Labels)
{
    /// <summary>The expected range along the check-ins it is known at, left to right: drawn as one shaded area.</summary>
    public IReadOnlyList<ExpectedSpan> Expected { get; init; } = [];

    public const string ExpectedFill = "#1f4e9a";

    /// <summary>The height of one lane of marker labels above the plot.</summary>
    public const double Lane = 12;

    /// <summary>A generous width of one character at the charts' 10 px font, so that estimated label widths are never short.</summary>
    public const double CharacterWidth = 6;
    /// <summary>Band shades, mildest first: light enough for the line and labels to read on any of them.</summary>
    public static readonly string[] Shades = ["#edf5ee", "#f6f5e4", "#fbf0df", "#fbe7dc", "#f8dedd", "#f3d6e4"];

    public const string LineColour = "#1f4e9a";
    public const string MarkerColour = "#8a1c1c";
    public const string ProgressMarkerColour = "#1d6b2f";
    public const string CutoffColour = "#555555";
    public const string AxisColour = "#333333";

    /// <summary>
    /// The layout of <paramref name="chart"/> on a canvas <paramref name="width"/> wide; its plot is
    /// <paramref name="height"/> high with one lane more above it for each row of marker labels
    /// needed so that no two labels meet (see <see cref="Height"/>).
    /// </summary>
    public static ChartLayout Of(ScoreChart chart, double width = 480, double height = 200)
    {
        // The bands are named in a margin of their own, right of the plot, where the line never runs.
        const double left = 34, right = 100, bottom = 24;
        var plotRight = width - right;
        var span = chart.Max - chart.Min;

        var first = chart.Points.Count == 0 ? DateTimeOffset.UnixEpoch : chart.Points.Min(p => p.At);
        var last = chart.Points.Count == 0 ? first : chart.Points.Max(p => p.At);
        var seconds = (last - first).TotalSeconds;
        double X(DateTimeOffset at) => seconds <= 0 ? (left + plotRight) / 2 : left + 6 + ((at - first).TotalSeconds / seconds * (plotRight - left - 12));

        // What was noticed is written above the plot, each check-in's words centred over it where the
        // canvas allows, in the first lane where they meet no other words (6 px apart at least).
        var placed = new List<(double X, int Lane, double Width, string Text, int CheckIn)>();
        foreach (var group in chart.Markers.GroupBy(m => m.CheckIn).OrderBy(g => g.Key))
        {
            if (chart.Points.FirstOrDefault(p => p.CheckIn == group.Key) is not { } point)
            {
                continue;
            }

            var text = string.Join(", ", group.Select(m => m.Label));
            var textWidth = text.Length * CharacterWidth;
            var x = Math.Clamp(X(point.At), left + (textWidth / 2), width - 2 - (textWidth / 2));
            var lane = 0;
            while (placed.Any(p => p.Lane == lane && Math.Abs(p.X - x) < ((p.Width + textWidth) / 2) + 6))
            {
                lane++;
            }

            placed.Add((x, lane, textWidth, text, group.Key));
        }

        var lanes = placed.Count == 0 ? 0 : placed.Max(p => p.Lane) + 1;
        var top = 20 + (lanes * Lane);
        height += lanes * Lane;
        var plotBottom = height - bottom;
        double Y(double score) => plotBottom - ((score - chart.Min) / (span <= 0 ? 1 : span) * (plotBottom - top));

        var points = chart.Points.Select(p => new PlacedPoint(X(p.At), Y(p.Score), p)).ToList();

        // Dates under the check-ins, thinned so that no two labels meet (52 px each): the first and last always, others where they fit.
        const double label = 52;
        var xTicks = new List<Tick>();
        foreach (var point in points)
        {
            var isLast = ReferenceEquals(point, points[^1]);
            if (isLast || ((xTicks.Count == 0 || point.X - xTicks[^1].At >= label) && points[^1].X - point.X >= label))
            {
                xTicks.Add(new Tick(point.X, Day(point.Point.At, chart.TimeZone)));
            }
        }

        // Scores at each band's lower edge and the top of the scale: the edges a clinician reads.
        var yValues = chart.Bands.Count > 0
            ? chart.Bands.Select(b => b.Min).Append(chart.Max)
            : Enumerable.Range(0, (int)(span / 5) + 1).Select(i => chart.Min + (i * 5.0)).Append(chart.Max);
        var yTicks = yValues.Distinct().Order().Select(v => new Tick(Y(v), EmailText.Number(v))).ToList();

        var bands = chart.Bands
            .Select((b, i) => new BandArea(Y(Math.Min(chart.Max, i + 1 < chart.Bands.Count ? chart.Bands[i + 1].Min : b.Max)), Y(b.Min), b.Label, Shades[Math.Min(i, Shades.Length - 1)]))
            .ToList();
        var cutoff = chart.Cutoff is double c ? new Tick(Y(c), $"cutoff {EmailText.Number(c)}") : null;
        var markers = chart.Markers
            .Select(m => points.FirstOrDefault(p => p.Point.CheckIn == m.CheckIn) is { } p ? new PlacedMarker(p.X, p.Y, m.Label) : null)
            .OfType<PlacedMarker>()
            .ToList();
        var labels = placed
            .Select(l => points.First(p => p.Point.CheckIn == l.CheckIn) is var p ? new MarkerLabel(l.X, 12 + ((l.Lane + 1) * Lane), l.Width, l.Text, p.X, p.Y) : null)
            .ToList();
        var expected = chart.Expected
            .Select(r => points.FirstOrDefault(p => p.Point.CheckIn == r.CheckIn) is { } p ? new ExpectedSpan(p.X, Y(r.High), Y(r.Low)) : null)
            .OfType<ExpectedSpan>()
            .ToList();
        return new ChartLayout(width, height, left, top, plotRight, plotBottom, xTicks, yTicks, bands, cutoff, points, markers, labels) { Expected = expected };
    }

    private static string Day(DateTimeOffset at, string timeZone) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).ToString("d MMM", CultureInfo.InvariantCulture);
}
