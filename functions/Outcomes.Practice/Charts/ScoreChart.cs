using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;

namespace Outcomes.Practice.Charts;

/// <summary>One check-in on a chart: its number (from 1, as everywhere), when, and the score.</summary>
public sealed record ChartPoint(int CheckIn, DateTimeOffset At, double Score);

/// <summary>Something the engine noticed at a check-in, marked on the chart (a sudden gain, reliable deterioration…).</summary>
public sealed record ChartMarker(int CheckIn, string Label);

/// <summary>
/// One measure's course for one client, as every chart shows it — in pages as SVG with a table,
/// in emails as a PNG: the scores by date, the severity bands, the clinical cutoff, and the
/// findings marked at their check-ins. Dates are shown in <see cref="TimeZone"/>.
/// </summary>
public sealed record ScoreChart(
    string Measure,
    ScoreDirection Direction,
    double Min,
    double Max,
    IReadOnlyList<Band> Bands,
    double? Cutoff,
    IReadOnlyList<ChartPoint> Points,
    IReadOnlyList<ChartMarker> Markers,
    string TimeZone)
{
    /// <summary>Where the client was expected to be at each check-in from the second (drawn as a shaded range); empty: none drawn.</summary>
    public IReadOnlyList<Clinical.Trajectories.ExpectedRange> Expected { get; init; } = [];

    /// <summary>What the expected range is (<see cref="Clinical.Trajectories.ExpectedRecovery.Label"/>): never the clinic's own when it is synthetic.</summary>
    public string? ExpectedLabel { get; init; }

    /// <summary>
    /// The chart of <paramref name="instrument"/>'s primary score over <paramref name="series"/>, marking the client's findings on it,
    /// and — given the reference "not on track" was judged by — the expected range at each check-in.
    /// </summary>
    public static ScoreChart Of(Instrument instrument, IReadOnlyList<ScorePoint> series, IEnumerable<Finding> findings, string timeZone, Clinical.Trajectories.ExpectedRecovery? expected = null)
    {
        var ranges = expected is not null && series.Count > 0 && Clinical.Trajectories.ExpectedRecovery.Applies(instrument, series[0].Score)
            ? Enumerable.Range(2, Math.Max(0, series.Count - 1)).Select(k => expected.RangeAt(instrument, k, series[0].Score)).OfType<Clinical.Trajectories.ExpectedRange>().ToList()
            : [];
        var markers = findings
            .Where(f => f.InstrumentId == instrument.Id && f.CheckIn is int n && n >= 1 && n <= series.Count && Marked(f.Kind) is not null)
            .Select(f => new ChartMarker(f.CheckIn!.Value, Marked(f.Kind)!))
            .DistinctBy(m => (m.CheckIn, m.Label))
            .OrderBy(m => m.CheckIn)
            .ToList();
        return new ScoreChart(
            instrument.Name,
            instrument.Direction,
            instrument.PrimaryScore.Min,
            instrument.PrimaryScore.Max,
            instrument.Bands,
            instrument.Caseness,
            series.Select((p, i) => new ChartPoint(i + 1, p.At, p.Score)).ToList(),
            markers,
            timeZone)
        {
            Expected = ranges,
            ExpectedLabel = ranges.Count > 0 ? expected!.Label : null,
        };
    }

    /// <summary>What the markers are drawn in: a warning's dark red for therapists; a client's own chart marks only progress, in green.</summary>
    public string MarkerColour { get; init; } = ChartLayout.MarkerColour;

    /// <summary>The band a score falls in, if the measure has bands.</summary>
    public string? BandOf(double score) => Bands.FirstOrDefault(b => score >= b.Min && score <= b.Max)?.Label;

    private static string? Marked(FindingKind kind) => kind switch
    {
        FindingKind.SuddenGain => "sudden gain",
        FindingKind.SuddenLoss => "sudden loss",
        FindingKind.ProvisionalSuddenGain => "possible sudden gain",
        FindingKind.ProvisionalSuddenLoss => "possible sudden loss",
        FindingKind.ReliableImprovement => "reliable improvement",
        FindingKind.ReliableDeterioration => "reliable deterioration",
        FindingKind.Recovery => "recovery",
        FindingKind.ReliableRecovery => "reliable recovery",
        _ => null,
    };
}

/// <summary>Draws a chart as a PNG image, for email (where SVG does not show).</summary>
public interface IChartImage
{
    byte[] RenderPng(ScoreChart chart);
}
