using Outcomes.Practice.Charts;
using SkiaSharp;

namespace Outcomes.Email.Charts;

/// <summary>
/// A chart as a PNG for email, drawn with SkiaSharp from the same <see cref="ChartLayout"/> as the
/// pages' SVG: severity bands, the cutoff, the score axis and the check-ins' dates, the line, and
/// the findings marked. Drawn at twice the size shown, so that it stays sharp on high-density
/// screens; the labels use DejaVu Sans from the assembly, as a server may have no fonts.
/// </summary>
public sealed class SkiaScoreChart : IChartImage
{
    public const int Width = 480;
    public const int Height = 200;
    private const float Scale = 2;

    private static readonly Lazy<SKTypeface> Font = new(() =>
    {
        using var stream = typeof(SkiaScoreChart).Assembly.GetManifestResourceStream("Outcomes.Email.Charts.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The charts' font is missing from the assembly.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("The charts' font could not be read.");
    });

    public byte[] RenderPng(ScoreChart chart)
    {
        if (chart.Points.Count == 0)
        {
            throw new ArgumentException("A chart needs at least one score.", nameof(chart));
        }

        var layout = ChartLayout.Of(chart, Width, Height);
        using var surface = SKSurface.Create(new SKImageInfo((int)(layout.Width * Scale), (int)(layout.Height * Scale), SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Scale(Scale);
        canvas.Clear(SKColors.White);
        using var small = new SKFont(Font.Value, 10);
        using var text = new SKPaint { Color = SKColor.Parse(ChartLayout.AxisColour), IsAntialias = true };
        using var muted = new SKPaint { Color = SKColor.Parse(ChartLayout.CutoffColour), IsAntialias = true };

        foreach (var band in layout.Bands)
        {
            using var fill = new SKPaint { Color = SKColor.Parse(band.Fill), Style = SKPaintStyle.Fill };
            canvas.DrawRect(new SKRect((float)layout.Left, (float)band.Top, (float)layout.Right, (float)band.Bottom), fill);
            if (band.Bottom - band.Top >= 11)
            {
                canvas.DrawText(band.Label, (float)layout.Right + 5, (float)((band.Top + band.Bottom) / 2) + 3.5f, SKTextAlign.Left, small, muted);
            }
        }

        using (var axis = new SKPaint { Color = SKColor.Parse(ChartLayout.AxisColour), StrokeWidth = 1, IsAntialias = true })
        {
            canvas.DrawLine((float)layout.Left, (float)layout.Top, (float)layout.Left, (float)layout.Bottom, axis);
            canvas.DrawLine((float)layout.Left, (float)layout.Bottom, (float)layout.Right, (float)layout.Bottom, axis);
            foreach (var tick in layout.YTicks)
            {
                canvas.DrawLine((float)layout.Left - 3, (float)tick.At, (float)layout.Left, (float)tick.At, axis);
                canvas.DrawText(tick.Label, (float)layout.Left - 5, (float)tick.At + 3.5f, SKTextAlign.Right, small, text);
            }

            foreach (var tick in layout.XTicks)
            {
                canvas.DrawLine((float)tick.At, (float)layout.Bottom, (float)tick.At, (float)layout.Bottom + 3, axis);
                canvas.DrawText(tick.Label, (float)tick.At, (float)layout.Bottom + 14, SKTextAlign.Center, small, text);
            }
        }

        if (layout.Expected.Count >= 2)
        {
            using var builder = new SKPathBuilder();
            builder.MoveTo((float)layout.Expected[0].X, (float)layout.Expected[0].Top);
            foreach (var span in layout.Expected.Skip(1))
            {
                builder.LineTo((float)span.X, (float)span.Top);
            }

            foreach (var span in layout.Expected.Reverse())
            {
                builder.LineTo((float)span.X, (float)span.Bottom);
            }

            builder.Close();
            using var area = builder.Detach();
            using var shade = new SKPaint { Color = SKColor.Parse(ChartLayout.ExpectedFill).WithAlpha(36), Style = SKPaintStyle.Fill, IsAntialias = true };
            canvas.DrawPath(area, shade);
        }

        if (layout.Cutoff is { } cutoff)
        {
            using var dashed = new SKPaint { Color = SKColor.Parse(ChartLayout.CutoffColour), StrokeWidth = 1.2f, IsAntialias = true, PathEffect = SKPathEffect.CreateDash([5, 4], 0) };
            canvas.DrawLine((float)layout.Left, (float)cutoff.At, (float)layout.Right, (float)cutoff.At, dashed);
            canvas.DrawText(cutoff.Label, (float)layout.Right - 4, (float)cutoff.At + 12, SKTextAlign.Right, small, muted);
        }

        using (var line = new SKPaint { Color = SKColor.Parse(ChartLayout.LineColour), StrokeWidth = 2.5f, IsAntialias = true, StrokeCap = SKStrokeCap.Round, Style = SKPaintStyle.Stroke })
        using (var dot = new SKPaint { Color = SKColor.Parse(ChartLayout.LineColour), IsAntialias = true, Style = SKPaintStyle.Fill })
        {
            for (var i = 1; i < layout.Points.Count; i++)
            {
                canvas.DrawLine((float)layout.Points[i - 1].X, (float)layout.Points[i - 1].Y, (float)layout.Points[i].X, (float)layout.Points[i].Y, line);
            }

            foreach (var point in layout.Points)
            {
                canvas.DrawCircle((float)point.X, (float)point.Y, 3.5f, dot);
            }
        }

        using (var marker = new SKPaint { Color = SKColor.Parse(chart.MarkerColour), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2 })
        using (var label = new SKPaint { Color = SKColor.Parse(chart.MarkerColour), IsAntialias = true })
        {
            foreach (var (x, y) in layout.Markers.Select(m => (m.X, m.Y)).Distinct())
            {
                canvas.DrawCircle((float)x, (float)y, 7, marker);
            }

            using var leader = new SKPaint { Color = SKColor.Parse(chart.MarkerColour), IsAntialias = true, StrokeWidth = 1, PathEffect = SKPathEffect.CreateDash([2, 2], 0) };
            foreach (var words in layout.Labels)
            {
                canvas.DrawLine((float)words.MarkerX, (float)words.Y + 3, (float)words.MarkerX, (float)words.MarkerY - 7, leader);
                canvas.DrawText(words.Text, (float)words.X, (float)words.Y, SKTextAlign.Center, small, label);
            }
        }

        canvas.DrawText(chart.Measure, (float)layout.Left, 12, SKTextAlign.Left, small, text);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
