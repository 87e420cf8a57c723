using System.Globalization;
using System.Text;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Charts;
using Outcomes.Practice.Digests;
using static Outcomes.Practice.Email.EmailText;

namespace Outcomes.Views.Digests;

/// <summary>A chart of one of a client's measures; in an email, also drawn as an image (<see cref="ImageSource"/>, with its text alternative).</summary>
public sealed record ClientChart(ScoreChart Chart, string? ImageSource, string Alt)
{
    /// <summary>The PNG's height as shown: the plot's, and a lane for each row of what was noticed.</summary>
    public int ImageHeight => (int)ChartLayout.Of(Chart).Height;
}

/// <summary>
/// The weekly digest as people read it — in the email and on the caseload page: its title, the
/// charts of the clients who need attention and of those improving, the table cells, and what each rule means.
/// </summary>
public sealed record DigestPresentation(Digest Digest, string Title, IReadOnlyDictionary<string, IReadOnlyList<ClientChart>> Charts, IReadOnlyList<string> Rules)
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
            text.Append(CultureInfo.InvariantCulture, $"- {client.Summary.DisplayCode}: {string.Join("; ", client.Reasons.Concat(client.GoingWell.Select(g => $"going well: {g}")).Concat(client.Reviewed.Select(r => $"reviewed: {r}")).Concat(client.Notes.Select(n => $"not yet decided: {n}")).Concat(client.SawProgress is { } saw ? [$"has seen this on their own progress page (opened {saw}): celebrate it in session"] : []))}\n");
        }
    }
}

/// <summary>
/// Builds a <see cref="DigestPresentation"/>: a chart of PHQ-9 and of GAD-7 for each client who needs
/// attention or is improving — in an email drawn as PNGs (at most <see cref="MaxImages"/>, so that it
/// stays small), on a page as SVG — and the rules with the clinic's values.
/// </summary>
public sealed class DigestPresenter(InstrumentCatalog instruments, IChartImage chartImage, PracticeSettings settings)
{
    /// <summary>At most this many chart images per email.</summary>
    public const int MaxImages = 12;

    private static readonly string[] Charted = [ClientProgress.Depression, ClientProgress.Anxiety];

    /// <param name="imageSource">For an email: turns a chart's PNG into an img src (a content id). Null for a page, which draws SVG.</param>
    public DigestPresentation Present(Digest digest, Func<byte[], string>? imageSource)
    {
        var charts = new Dictionary<string, IReadOnlyList<ClientChart>>(StringComparer.Ordinal);
        var images = 0;
        foreach (var client in digest.NeedsAttention.Concat(digest.Improving))
        {
            var list = new List<ClientChart>();
            foreach (var chart in ChartsOf(client.Summary, digest.Therapist.TimeZone))
            {
                if (imageSource is null)
                {
                    list.Add(new ClientChart(chart, null, Views.Charts.SvgChart.Describe(chart)));
                }
                else if (images < MaxImages)
                {
                    images++;
                    list.Add(new ClientChart(chart, imageSource(chartImage.RenderPng(chart)), Views.Charts.SvgChart.Describe(chart)));
                }
            }

            if (list.Count > 0)
            {
                charts[client.Summary.ClientId] = list;
            }
        }

        return new DigestPresentation(digest, DigestPresentation.TitleOf(digest), charts, Rules().ToList());
    }

    /// <summary>The symptom measures (PHQ-9, GAD-7) the client answers, with two or more scores.</summary>
    private IEnumerable<ScoreChart> ChartsOf(ClientSummary summary, string timeZone) =>
        Charted
            .Where(id => summary.Instruments.TryGetValue(id, out var s) && s.Series.Count >= 2 && instruments.TryGet(id, out _))
            .Select(id => ScoreChart.Of(instruments[id], summary.Instruments[id].Series, summary.Findings, timeZone, settings.Clinical.NotOnTrackRule == NotOnTrackRule.ExpectedRecovery ? instruments.ExpectedRecoveryFor(instruments[id]) : null));

    private IEnumerable<string> Rules()
    {
        var measured = instruments.All.Where(i => i.ReliableChange is not null).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var reliable = string.Join(", ", measured.Select(i => $"{i.Name} {Number(i.ReliableChange!.Value)}"));
        var cutoffs = string.Join(", ", measured.Where(i => i.Caseness is not null).Select(i => $"{i.Name} {Number(i.Caseness!.Value)}"));
        var clinical = settings.Clinical;
        yield return $"Reliable improvement or deterioration: the score changed since baseline by at least the measure's reliable-change value ({reliable} points).";
        yield return $"Recovery (NHS Talking Therapies): at or above the clinical cutoff at baseline ({cutoffs}) and below it now; reliable recovery also needs reliable improvement.";
        yield return "Sudden gain or loss (Tang & DeRubeis, 1999): a change between two check-ins of at least the reliable-change value and 25 % of the score, large against the three check-ins on either side; it is confirmed once the next check-in arrives.";
        var thumb = $"{clinical.NotOnTrackAfter.TotalDays / 7:0} weeks or more after baseline, still at the clinical cutoff and improved by less than {clinical.NotOnTrackMinimumImprovement:P0}";
        if (clinical.NotOnTrackRule == NotOnTrackRule.ExpectedRecovery)
        {
            const string Synthetic = "a synthetic reference cohort, not this clinic's clients";
            var references = measured.Select(i => (i.Name, Reference: instruments.ExpectedRecoveryFor(i))).Where(r => r.Reference is not null).ToList();
            var source = references.All(r => r.Reference!.IsSynthetic)
                ? $"{Synthetic} (docs/clinical-rules.md describes it)"
                : $"each measure's reference ({string.Join("; ", references.Select(r => $"{r.Name}: {(r.Reference!.IsSynthetic ? Synthetic : r.Reference.Source)}"))})";
            yield return $"Not on track (expected recovery): from check-in {clinical.ExpectedRecoveryFrom}, a score worse than 9 in 10 clients who started at the same score were at that check-in, by {source}; shaded blue on the charts. For a baseline below the cutoff, the project's rule of thumb: {thumb}.";
        }
        else
        {
            yield return $"Not on track (this project's own rule of thumb, not a validated prediction): {thumb}.";
        }
        yield return $"Openness (this project's own measure): the trend of the session check-in's openness score over the last {clinical.OpennessWindow} check-ins, and falling too when the last two are both {Number(clinical.OpennessLargeDrop)} points or more below the client's start; the check-in is not a validated questionnaire.";
        yield return $"Alliance signal (this project's own rule, in the spirit of PCOMS): the client's trust answer fell by {clinical.AllianceDrop} points or more, or fell at two check-ins in a row, or is at {clinical.AllianceLow} or below.";
        yield return $"Missed check-ins (this project's own threshold): {clinical.MissedCheckIns} or more links in a row expired unanswered.";
    }
}
