using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Email;

namespace Outcomes.Practice.Digests;

/// <summary>
/// One client in a digest, with why they are in their section, and notes that decide nothing yet
/// (a possible sudden gain or loss, confirmed or dropped at the next check-in).
/// </summary>
public sealed record DigestClient(ClientSummary Summary, IReadOnlyList<string> Reasons, int MissedInRow)
{
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>For a client who needs attention, what is going well all the same: a warning never hides a recovery.</summary>
    public IReadOnlyList<string> GoingWell { get; init; } = [];

    /// <summary>Warning signs the therapist has marked reviewed (by whom and when): shown, but no longer a reason for attention.</summary>
    public IReadOnlyList<string> Reviewed { get; init; } = [];

    /// <summary>For an improving client who has seen it on their own progress page: when they last opened it (their date words), so it can be celebrated in session.</summary>
    public string? SawProgress { get; init; }
}

/// <summary>
/// A therapist's weekly digest: who needs attention first, who is improving, and everyone else.
/// Built from the caseload's summaries alone, so it costs one query per therapist.
/// </summary>
public sealed record Digest(
    Therapist Therapist,
    DateTimeOffset At,
    IReadOnlyList<DigestClient> NeedsAttention,
    IReadOnlyList<DigestClient> Improving,
    IReadOnlyList<DigestClient> EveryoneElse)
{
    // Needs attention, most urgent first (the order clients are listed in).
    private static readonly FindingKind[] Warnings =
        [FindingKind.RiskAnswer, FindingKind.ReliableDeterioration, FindingKind.SuddenLoss, FindingKind.AllianceSignal, FindingKind.NotOnTrack, FindingKind.MissedCheckIns];

    private static readonly FindingKind[] GoodNews =
        [FindingKind.ReliableRecovery, FindingKind.Recovery, FindingKind.ReliableImprovement, FindingKind.SuddenGain, FindingKind.Breakthrough];

    public int Clients => NeedsAttention.Count + Improving.Count + EveryoneElse.Count;

    public static Digest Build(Therapist therapist, IEnumerable<ClientSummary> clients, DateTimeOffset now, PracticeSettings settings)
    {
        List<(int Rank, DigestClient Client)> attention = [];
        List<DigestClient> improving = [], others = [];
        foreach (var client in clients.Where(c => c.Status != ClientStatus.Discharged).OrderBy(c => c.DisplayCode, StringComparer.OrdinalIgnoreCase))
        {
            var missed = client.MissedInRow(now);
            string Line(Finding f) => EmailText.Finding(f, therapist.TimeZone);
            var notes = client.Findings.Where(f => f.Kind is FindingKind.ProvisionalSuddenGain or FindingKind.ProvisionalSuddenLoss).Select(Line).ToList();
            var goodNews = client.Findings
                .Where(f => GoodNews.Contains(f.Kind) && (f.Kind != FindingKind.Breakthrough || now - f.At <= settings.RecentEvents))
                .OrderBy(f => Array.IndexOf(GoodNews, f.Kind))
                .ToList();
            var good = goodNews.Select(f => f.Kind == FindingKind.Breakthrough ? $"{Line(f)}: what they wrote is on their page in the portal" : Line(f))
                .ToList();
            var reviewed = ReviewedOf(client, therapist.TimeZone);
            var warnings = WarningsOf(client, missed, now, therapist.TimeZone, settings);
            if (warnings.Count > 0)
            {
                attention.Add((warnings.Min(w => Array.IndexOf(Warnings, w.Kind)), new DigestClient(client, warnings.Select(w => w.Reason).ToList(), missed) { Notes = notes, GoingWell = good, Reviewed = reviewed }));
                continue;
            }

            var saw = client.ProgressSeenAt is { } seen && goodNews.Any(f => f.At <= seen) ? EmailText.LocalDate(seen, therapist.TimeZone) : null;
            (good.Count > 0 ? improving : others).Add(new DigestClient(client, good, missed) { Notes = notes, Reviewed = reviewed, SawProgress = saw });
        }

        return new Digest(therapist, now, attention.OrderBy(a => a.Rank).Select(a => a.Client).ToList(), improving, others);
    }

    /// <summary>The client's warning signs that still hold and were marked reviewed, each with who reviewed it and when.</summary>
    private static List<string> ReviewedOf(ClientSummary client, string timeZone)
    {
        return client.Alerts
            .Where(a => a.IsReviewed && client.Findings.Any(a.Tells))
            .OrderByDescending(a => a.ReviewedAt)
            .Select(a => $"{a.Describe(timeZone)} (reviewed by the {a.ReviewedBy}, {EmailText.LocalDate(a.ReviewedAt!.Value, timeZone)})")
            .ToList();
    }

    private static List<(FindingKind Kind, string Reason)> WarningsOf(ClientSummary client, int missed, DateTimeOffset now, string timeZone, PracticeSettings settings)
    {
        var warnings = client.Alerts
            .Where(a => a.Urgency == AlertUrgency.Immediate && !a.IsAcknowledged)
            .Select(a => (FindingKind.RiskAnswer, $"{a.Describe(timeZone)}: not yet acknowledged (raised {EmailText.LocalTime(a.RaisedAt, timeZone)})"))
            .ToList();
        warnings.AddRange(client.Findings
            .Where(f => !client.Alerts.Any(a => a.IsReviewed && a.Tells(f)))
            .Where(f => f.Kind is FindingKind.ReliableDeterioration or FindingKind.AllianceSignal or FindingKind.NotOnTrack
                || (f.Kind == FindingKind.SuddenLoss && now - f.At <= settings.RecentEvents))
            .Select(f => (f.Kind, EmailText.Finding(f, timeZone))));
        if (missed >= settings.Clinical.MissedCheckIns)
        {
            warnings.Add((FindingKind.MissedCheckIns, $"{missed} check-ins in a row unanswered"));
        }

        return warnings.OrderBy(w => Array.IndexOf(Warnings, w.Item1)).ToList();
    }
}
