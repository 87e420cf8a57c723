using System.Globalization;
using System.Text;
using Outcomes.Practice.Email;
using Outcomes.Clinical.Instruments;
using Outcomes.Practice;
using Outcomes.Clinical.Progress;
using static Outcomes.Practice.Email.EmailText;

namespace Outcomes.Practice.Digests;

/// <summary>
/// The weekly digest as an email (and, with images as data URIs, as the caseload page): Needs
/// attention, Improving, Everyone else, a chart per client who needs attention, and what each rule
/// means. Display codes and scores only; free text the client wrote is never in the email.
/// </summary>
public sealed class DigestEmail(InstrumentCatalog instruments, IScoreChart chart, PracticeSettings settings)
{
    /// <summary>At most this many charts per digest, so that the email stays small.</summary>
    public const int MaxCharts = 10;

    private static readonly string[] Charted = [ClientProgress.Depression, ClientProgress.Anxiety];

    public EmailMessage Compose(Digest digest, string key, string caseloadLink, DateTimeOffset linkExpires)
    {
        var therapist = digest.Therapist;
        var subject = $"Your weekly digest: {Count(digest.NeedsAttention.Count, "client")} to look at first, {digest.Improving.Count} improving";
        var expires = LocalDate(linkExpires, therapist.TimeZone);
        if (settings.MinimalDigests)
        {
            var counts = $"{Count(digest.NeedsAttention.Count, "client")} need{(digest.NeedsAttention.Count == 1 ? "s" : "")} attention, {digest.Improving.Count} improving, {digest.EveryoneElse.Count} others.";
            return new EmailMessage(
                key,
                therapist.Email,
                subject,
                $"Your weekly digest from {settings.ClinicName}.\n\n{counts}\n\nThe details are on your caseload page (the link works until {expires}):\n{caseloadLink}\n",
                $"<p>Your weekly digest from {Html(settings.ClinicName)}.</p><p>{Html(counts)}</p><p><a href=\"{Html(caseloadLink)}\">Open your caseload page</a> (the link works until {Html(expires)}).</p>");
        }

        var images = new List<InlineImage>();
        var body = RenderHtml(digest, (client, png) =>
        {
            var id = $"chart-{images.Count + 1}@outcomes";
            images.Add(new InlineImage(id, "image/png", png));
            return $"cid:{id}";
        });
        var html = $"<p style=\"font-family:Arial,sans-serif;font-size:15px\">Your weekly digest from {Html(settings.ClinicName)}. <a href=\"{Html(caseloadLink)}\">Open your caseload page</a> (the link works until {Html(expires)}).</p>{body}";
        var text = RenderText(digest) + $"\nYour caseload page (the link works until {expires}):\n{caseloadLink}\n";
        return new EmailMessage(key, therapist.Email, subject, text, html) { Images = images };
    }

    /// <summary>The digest's sections as HTML; <paramref name="imageSource"/> turns a client's chart into an img src.</summary>
    /// <param name="inlineStyles">Style attributes for email clients; a page styles the same markup from its own style sheet.</param>
    public string RenderHtml(Digest digest, Func<DigestClient, byte[], string> imageSource, IReadOnlyDictionary<string, string>? breakthroughs = null, bool inlineStyles = true)
    {
        var title = Title(digest);
        string S(string css) => inlineStyles ? $"style=\"{css}\"" : "";
        var zone = digest.Therapist.TimeZone;
        var html = new StringBuilder();
        html.Append($"<div {S("font-family:Arial,sans-serif;font-size:15px;line-height:1.4;color:#1b1b1b;max-width:720px")}>");
        if (inlineStyles)
        {
            // A page has its own heading.
            html.Append(CultureInfo.InvariantCulture, $"<h1 {S("font-size:20px")}>{Html(title)}</h1>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<section id=\"needs-attention\"><h2 {S("font-size:18px;color:#8a1c1c")}>Needs attention ({digest.NeedsAttention.Count})</h2>");
        if (digest.NeedsAttention.Count == 0)
        {
            html.Append("<p>Nobody this week.</p>");
        }

        var charts = 0;
        foreach (var client in digest.NeedsAttention)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"client\" data-code=\"{Html(client.Summary.DisplayCode)}\" {S("margin:0 0 16px")}><h3 {S("font-size:16px;margin:12px 0 4px")}>{Html(client.Summary.DisplayCode)}</h3>");
            AppendReasons(html, client, breakthroughs, S);
            var lines = ChartLines(client.Summary);
            if (lines.Count > 0 && charts < MaxCharts)
            {
                charts++;
                var src = imageSource(client, chart.RenderPng(lines));
                var legend = string.Join(", ", lines.Select((l, i) => $"{l.Label} in {chart.Colours[i % chart.Colours.Count]}"));
                html.Append(CultureInfo.InvariantCulture, $"<img src=\"{Html(src)}\" width=\"480\" height=\"160\" alt=\"{Html(AltText(lines, zone))}\" {S("display:block;max-width:100%;height:auto")}>");
                html.Append(CultureInfo.InvariantCulture, $"<p {S("font-size:13px;color:#555;margin:2px 0")}>Scores over time: {Html(legend)}; lower is better; grid lines every 5 points from 0.</p>");
            }

            html.Append("</div>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</section><section id=\"improving\"><h2 {S("font-size:18px;color:#1d6b2f")}>Improving ({digest.Improving.Count})</h2>");
        if (digest.Improving.Count == 0)
        {
            html.Append("<p>Nobody this week.</p>");
        }

        foreach (var client in digest.Improving)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"client\" data-code=\"{Html(client.Summary.DisplayCode)}\"><h3 {S("font-size:16px;margin:12px 0 4px")}>{Html(client.Summary.DisplayCode)}</h3>");
            AppendReasons(html, client, breakthroughs, S);
            html.Append("</div>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</section><section id=\"everyone-else\"><h2 {S("font-size:18px")}>Everyone else ({digest.EveryoneElse.Count})</h2>");
        if (digest.EveryoneElse.Count > 0)
        {
            html.Append($"<table {S("border-collapse:collapse;font-size:14px")}><thead><tr>");
            foreach (var heading in new[] { "Client", "PHQ-9 baseline → latest", "GAD-7 baseline → latest", "Openness", "Last check-in" })
            {
                html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\" {S("text-align:left;padding:4px 8px;border-bottom:1px solid #999")}>{Html(heading)}</th>");
            }

            html.Append("</tr></thead><tbody>");
            foreach (var client in digest.EveryoneElse)
            {
                var s = client.Summary;
                html.Append(CultureInfo.InvariantCulture, $"<tr class=\"client\" data-code=\"{Html(s.DisplayCode)}\"><th scope=\"row\" {S("text-align:left;padding:4px 8px")}>{Html(s.DisplayCode)}</th>");
                foreach (var cell in new[] { Change(s, ClientProgress.Depression), Change(s, ClientProgress.Anxiety), Openness(s.OpennessTrend), LastCheckIn(s, zone) })
                {
                    html.Append(CultureInfo.InvariantCulture, $"<td {S("padding:4px 8px")}>{Html(cell)}</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</tbody></table>");
            var noted = digest.EveryoneElse.Where(c => c.Notes.Count > 0).ToList();
            if (noted.Count > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p {S("margin:8px 0 0")}>Not yet decided:</p><ul>");
                foreach (var client in noted)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<li>{Html(client.Summary.DisplayCode)}: {Html(string.Join("; ", client.Notes))}</li>");
                }

                html.Append("</ul>");
            }
        }
        else
        {
            html.Append("<p>Nobody else.</p>");
        }

        html.Append($"</section><h2 {S("font-size:15px;margin-top:24px")}>What the rules mean</h2><ul {S("font-size:13px;color:#444")}>");
        foreach (var rule in Rules())
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{Html(rule)}</li>");
        }

        html.Append("</ul></div>");
        return html.ToString();
    }

    public string RenderText(Digest digest)
    {
        var zone = digest.Therapist.TimeZone;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Title(digest)}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"NEEDS ATTENTION ({digest.NeedsAttention.Count})\n");
        foreach (var client in digest.NeedsAttention)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {client.Summary.DisplayCode}: {string.Join("; ", client.Reasons.Concat(client.Notes.Select(n => $"not yet decided: {n}")))}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nIMPROVING ({digest.Improving.Count})\n");
        foreach (var client in digest.Improving)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {client.Summary.DisplayCode}: {string.Join("; ", client.Reasons.Concat(client.Notes.Select(n => $"not yet decided: {n}")))}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nEVERYONE ELSE ({digest.EveryoneElse.Count})\n");
        foreach (var client in digest.EveryoneElse)
        {
            var s = client.Summary;
            var notes = client.Notes.Count == 0 ? "" : $"; not yet decided: {string.Join("; ", client.Notes)}";
            text.Append(CultureInfo.InvariantCulture, $"- {s.DisplayCode}: PHQ-9 {Change(s, ClientProgress.Depression)}; GAD-7 {Change(s, ClientProgress.Anxiety)}; openness {Openness(s.OpennessTrend)}; last check-in {LastCheckIn(s, zone)}{notes}\n");
        }

        text.Append("\nWhat the rules mean:\n");
        foreach (var rule in Rules())
        {
            text.Append(CultureInfo.InvariantCulture, $"- {rule}\n");
        }

        return text.ToString();
    }

    public static string Title(Digest digest) => $"Weekly digest for {digest.Therapist.Name}, {LocalDate(digest.At, digest.Therapist.TimeZone)}";

    private static void AppendReasons(StringBuilder html, DigestClient client, IReadOnlyDictionary<string, string>? breakthroughs, Func<string, string> S)
    {
        html.Append($"<ul {S("margin:0 0 4px;padding-left:20px")}>");
        foreach (var reason in client.Reasons)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{Html(reason)}</li>");
        }

        foreach (var note in client.Notes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>Not yet decided: {Html(note)}</li>");
        }

        if (breakthroughs is not null && breakthroughs.TryGetValue(client.Summary.ClientId, out var words))
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>In their words: <q>{Html(words)}</q></li>");
        }

        html.Append("</ul>");
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

    private static string Change(ClientSummary summary, string instrumentId) =>
        summary.Instruments.TryGetValue(instrumentId, out var s)
            ? $"{Number(s.Baseline)} → {Number(s.Latest)}{(s.Band is null ? "" : $" ({s.Band})")}"
            : "—";

    private static string Openness(string? trend) => trend switch
    {
        "Rising" => "rising ↑",
        "Falling" => "falling ↓",
        "Steady" => "steady →",
        _ => "—",
    };

    private static string LastCheckIn(ClientSummary summary, string zone) =>
        summary.LastResponseAt is { } at ? LocalDate(at, zone) : "none yet";

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

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
