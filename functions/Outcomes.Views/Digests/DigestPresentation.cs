using System.Globalization;
using System.Text;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Digests;
using static Outcomes.Practice.Email.EmailText;

namespace Outcomes.Views.Digests;

/// <summary>A chart of a client's scores, as an image source with its text alternative and legend.</summary>
public sealed record ChartImage(string Source, string Alt, string Legend);

/// <summary>
/// The weekly digest as people read it — in the email and on the caseload page: its title, the
/// charts of the clients who need attention, the table cells, and what each rule means.
/// </summary>
public sealed record DigestPresentation(Digest Digest, string Title, IReadOnlyDictionary<string, ChartImage> Charts, IReadOnlyList<string> Rules)
{
    private string TimeZone => Digest.Therapist.TimeZone;

    public static string TitleOf(Digest digest) => $"Weekly digest for {digest.Therapist.Name}, {LocalDate(digest.At, digest.Therapist.TimeZone)}";

    /// <summary>A measure's baseline → latest, with the latest band.</summary>
    public static string Change(ClientSummary summary, string instrumentId) =>
        summary.Instruments.TryGetValue(instrumentId, out var s)
            ? $"{Number(s.Baseline)} → {Number(s.Latest)}{(s.Band is null ? "" : $" ({s.Band})")}"
            : "—";

    public static string Openness(string? trend) => trend switch
    {
        "Rising" => "rising ↑",
        "Falling" => "falling ↓",
        "Steady" => "steady →",
        _ => "—",
    };

    public string LastCheckIn(ClientSummary summary) => summary.LastResponseAt is { } at ? LocalDate(at, TimeZone) : "none yet";

    /// <summary>The digest as plain text, for the email's text part.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Title}\n\n");
        Section(text, "NEEDS ATTENTION", Digest.NeedsAttention);
        text.Append('\n');
        Section(text, "IMPROVING", Digest.Improving);
        text.Append(CultureInfo.InvariantCulture, $"\nEVERYONE ELSE ({Digest.EveryoneElse.Count})\n");
        foreach (var client in Digest.EveryoneElse)
        {
            var s = client.Summary;
            var notes = client.Notes.Count == 0 ? "" : $"; not yet decided: {string.Join("; ", client.Notes)}";
            text.Append(CultureInfo.InvariantCulture, $"- {s.DisplayCode}: PHQ-9 {Change(s, ClientProgress.Depression)}; GAD-7 {Change(s, ClientProgress.Anxiety)}; openness {Openness(s.OpennessTrend)}; last check-in {LastCheckIn(s)}{notes}\n");
        }

        text.Append("\nWhat the rules mean:\n");
        foreach (var rule in Rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {rule}\n");
        }

        return text.ToString();
    }

    private static void Section(StringBuilder text, string heading, IReadOnlyList<DigestClient> clients)
    {
        text.Append(CultureInfo.InvariantCulture, $"{heading} ({clients.Count})\n");
        foreach (var client in clients)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {client.Summary.DisplayCode}: {string.Join("; ", client.Reasons.Concat(client.Notes.Select(n => $"not yet decided: {n}")))}\n");
        }
    }
}

/// <summary>Builds a <see cref="DigestPresentation"/>: draws the charts (at most <see cref="MaxCharts"/>) and states the rules with the clinic's values.</summary>
public sealed class DigestPresenter(InstrumentCatalog instruments, IScoreChart chart, PracticeSettings settings)
{
    /// <summary>At most this many charts per digest, so that the email stays small.</summary>
    public const int MaxCharts = 10;

    private static readonly string[] Charted = [ClientProgress.Depression, ClientProgress.Anxiety];

    /// <param name="imageSource">Turns a chart's PNG into an img src: a content id in an email, a data: URI on a page.</param>
    public DigestPresentation Present(Digest digest, Func<byte[], string> imageSource)
    {
        var charts = new Dictionary<string, ChartImage>(StringComparer.Ordinal);
        foreach (var client in digest.NeedsAttention)
        {
            var lines = ChartLines(client.Summary);
            if (lines.Count == 0 || charts.Count >= MaxCharts)
            {
                continue;
            }

            var legend = string.Join(", ", lines.Select((l, i) => $"{l.Label} in {chart.Colours[i % chart.Colours.Count]}"));
            charts[client.Summary.ClientId] = new ChartImage(imageSource(chart.RenderPng(lines)), AltText(lines, digest.Therapist.TimeZone), legend);
        }

        return new DigestPresentation(digest, DigestPresentation.TitleOf(digest), charts, Rules().ToList());
    }

    /// <summary>The symptom measures (PHQ-9, GAD-7) the client answers, with two or more scores.</summary>
    private List<ChartLine> ChartLines(ClientSummary summary) =>
        Charted
            .Where(id => summary.Instruments.TryGetValue(id, out var s) && s.Series.Count >= 2 && instruments.TryGet(id, out _))
            .Select(id => new ChartLine(instruments[id].Name, summary.Instruments[id].Series, Charted.Max(c => instruments.TryGet(c, out var i) ? i.PrimaryScore.Max : 0)))
            .ToList();

    private static string AltText(IReadOnlyList<ChartLine> lines, string zone) =>
        "Chart of scores over time. " + string.Join(" ", lines.Select(l =>
            $"{l.Label} from {LocalDate(l.Points[0].At, zone)} to {LocalDate(l.Points[^1].At, zone)}: {string.Join(", ", l.Points.Select(p => Number(p.Score)))}."));

    private IEnumerable<string> Rules()
    {
        var measured = instruments.All.Where(i => i.ReliableChange is not null).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var reliable = string.Join(", ", measured.Select(i => $"{i.Name} {Number(i.ReliableChange!.Value)}"));
        var cutoffs = string.Join(", ", measured.Where(i => i.Caseness is not null).Select(i => $"{i.Name} {Number(i.Caseness!.Value)}"));
        var clinical = settings.Clinical;
        yield return $"Reliable improvement or deterioration: the score changed since baseline by at least the measure's reliable-change value ({reliable} points).";
        yield return $"Recovery (NHS Talking Therapies): at or above the clinical cutoff at baseline ({cutoffs}) and below it now; reliable recovery also needs reliable improvement.";
        yield return "Sudden gain or loss (Tang & DeRubeis, 1999): a change between two check-ins of at least the reliable-change value and 25 % of the score, large against the three check-ins on either side; it is confirmed once the next check-in arrives.";
        yield return $"Not on track (this project's own rule of thumb, not a validated prediction): {clinical.NotOnTrackAfter.TotalDays / 7:0} weeks or more after baseline, still at the clinical cutoff and improved by less than {clinical.NotOnTrackMinimumImprovement:P0}.";
        yield return $"Openness (this project's own measure): the trend of the session check-in's openness score over the last {clinical.OpennessWindow} check-ins; the check-in is not a validated questionnaire.";
        yield return $"Alliance signal (this project's own rule, in the spirit of PCOMS): the client's trust answer fell by {clinical.AllianceDrop} point or more, or is at {clinical.AllianceLow} or below.";
        yield return $"Missed check-ins (this project's own threshold): {clinical.MissedCheckIns} or more links in a row expired unanswered.";
    }
}
