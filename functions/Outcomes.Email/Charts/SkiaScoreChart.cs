using Outcomes.Practice.Digests;
using SkiaSharp;

namespace Outcomes.Email.Charts;

/// <summary>
/// The digest's small chart, drawn with SkiaSharp: one line per measure, a dot per check-in, light
/// grid lines every 5 points. No text is drawn (servers may have no fonts); the email names the
/// colours and carries the numbers in the image's text alternative.
/// </summary>
public sealed class SkiaScoreChart : IScoreChart
{
    public const int Width = 480;
    public const int Height = 160;
    private const float Margin = 10;

    private static readonly (string Name, SKColor Colour)[] Palette =
    [
        ("dark blue", new SKColor(0x1f, 0x4e, 0x9a)),
        ("orange", new SKColor(0xd9, 0x6c, 0x00)),
        ("purple", new SKColor(0x6a, 0x3d, 0x9a)),
    ];

    public IReadOnlyList<string> Colours { get; } = Palette.Select(p => p.Name).ToList();

    public byte[] RenderPng(IReadOnlyList<ChartLine> lines)
    {
        var points = lines.SelectMany(l => l.Points).ToList();
        if (points.Count == 0)
        {
            throw new ArgumentException("A chart needs at least one score.", nameof(lines));
        }

        var maximum = Math.Max(1, lines.Max(l => l.Maximum));
        var first = points.Min(p => p.At);
        var span = Math.Max(1, (points.Max(p => p.At) - first).TotalSeconds);
        float X(DateTimeOffset at) => Margin + (float)((at - first).TotalSeconds / span) * (Width - (2 * Margin));
        float Y(double score) => Height - Margin - (float)(score / maximum) * (Height - (2 * Margin));

        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var grid = new SKPaint { Color = new SKColor(0xdd, 0xdd, 0xdd), StrokeWidth = 1, IsAntialias = false })
        {
            for (var score = 0; score <= maximum; score += 5)
            {
                canvas.DrawLine(Margin, Y(score), Width - Margin, Y(score), grid);
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            using var stroke = new SKPaint { Color = Palette[i % Palette.Length].Colour, StrokeWidth = 2.5f, IsAntialias = true, StrokeCap = SKStrokeCap.Round };
            using var dot = new SKPaint { Color = Palette[i % Palette.Length].Colour, IsAntialias = true, Style = SKPaintStyle.Fill };
            var line = lines[i].Points;
            for (var k = 1; k < line.Count; k++)
            {
                canvas.DrawLine(X(line[k - 1].At), Y(line[k - 1].Score), X(line[k].At), Y(line[k].Score), stroke);
            }

            foreach (var point in line)
            {
                canvas.DrawCircle(X(point.At), Y(point.Score), 3.5f, dot);
            }
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
