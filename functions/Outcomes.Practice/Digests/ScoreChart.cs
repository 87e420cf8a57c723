using Outcomes.Clinical.Progress;

namespace Outcomes.Practice.Digests;

/// <summary>One instrument's scores over time, drawn on a scale from 0 to <see cref="Maximum"/>.</summary>
public sealed record ChartLine(string Label, IReadOnlyList<ScorePoint> Points, double Maximum);

/// <summary>Draws a small chart of a client's scores over time as a PNG image.</summary>
public interface IScoreChart
{
    /// <summary>The colour each line is drawn in, in order (named in the email's legend).</summary>
    IReadOnlyList<string> Colours { get; }

    byte[] RenderPng(IReadOnlyList<ChartLine> lines);
}
