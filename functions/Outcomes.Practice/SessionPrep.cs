using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice.Data;

namespace Outcomes.Practice;

/// <summary>One measure as it stands: the latest score and its band, and how far it moved since the check-in before and since baseline.</summary>
/// <param name="SincePrevious">Latest minus the score before it; null with one score.</param>
/// <param name="Standing">Since baseline in the engine's words (reliable improvement, no reliable change…); null for a measure without a reliable-change threshold.</param>
public sealed record MeasureNow(Instrument Instrument, ScorePoint Latest, string? Band, double? SincePrevious, double SinceBaseline, string? Standing, int Scores);

/// <summary>One item whose answer changed between the last two check-ins; <paramref name="RiskAnswer"/>: the latest answer is a risk answer.</summary>
public sealed record ItemMove(Instrument Instrument, InstrumentItem Item, int From, int To, bool Risk, bool RiskAnswer)
{
    public string LabelOf(int value) => Item.Options.FirstOrDefault(o => o.Value == value)?.Label ?? "?";
}

/// <summary>What the client wrote in a text item of their latest check-in.</summary>
public sealed record OwnWords(Instrument Instrument, InstrumentItem Item, string Words);

/// <summary>
/// The top of a client's page, for the few minutes before a session: each measure now, what is new
/// at the latest check-in (Outcomes does not know session dates; clients check in between sessions,
/// so the latest check-in is what is new since the last one), the items that moved most, the client's
/// own words, and what needs attention beside what is going well — never one instead of the other.
/// </summary>
public sealed record SessionPrep(
    CheckInRecord? Latest,
    IReadOnlyList<MeasureNow> Measures,
    IReadOnlyList<Finding> New,
    IReadOnlyList<Finding> Attention,
    IReadOnlyList<Finding> GoingWell,
    IReadOnlyList<ItemMove> MovedMost,
    IReadOnlyList<OwnWords> Words)
{
    /// <summary>Warning signs that still hold and were marked reviewed: shown apart from what needs attention.</summary>
    public IReadOnlyList<AlertRecord> Reviewed { get; init; } = [];

    /// <summary>
    /// For each warning sign needing attention (not a risk answer: that is acknowledged), the alert a review
    /// marks: the one that told the therapist of it, whose key may be an earlier onset's. A sign without one
    /// (it holds under a new reference since the client's last check-in) is raised, and reviewable, with the next.
    /// </summary>
    public IReadOnlyDictionary<string, string> ReviewKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>At most this many moved items: the few a clinician can take in at a glance.</summary>
    public const int MaxMoves = 5;

    public static SessionPrep Of(ClientCourse course, InstrumentCatalog instruments)
    {
        var order = instruments.InDisplayOrder(course.Progress.Instruments.Select(p => p.Instrument.Id)).ToList();
        var measures = course.Progress.Instruments
            .Where(p => p.Series.Count > 0)
            .OrderBy(p => order.IndexOf(p.Instrument.Id))
            .Select(p => new MeasureNow(
                p.Instrument,
                p.Series[^1],
                p.BandOf(p.Series[^1].Score),
                p.Series.Count >= 2 ? p.Series[^1].Score - p.Series[^2].Score : null,
                p.Change.Change,
                Standing(p.Change),
                p.Series.Count))
            .ToList();

        var latest = course.CheckIns.Count > 0 ? course.CheckIns[^1] : null;
        var previous = course.CheckIns.Count > 1 ? course.CheckIns[^2] : null;
        var findings = course.Progress.Findings;
        AlertRecord? ReviewedOf(Finding f) => course.Alerts.FirstOrDefault(a => a.IsReviewed && a.Tells(f));
        var attention = findings.Where(f => f.Urgency is AlertUrgency.Immediate or AlertUrgency.BatchedWarning && ReviewedOf(f) is null).ToList();
        return new SessionPrep(
            latest,
            measures,
            latest is null ? [] : findings.Where(f => f.CheckIn == latest.Number && f.Urgency != AlertUrgency.DigestOnly).ToList(),
            attention,
            findings.Where(f => f.Urgency == AlertUrgency.GoodNews).ToList(),
            latest is null || previous is null ? [] : ItemsMoved(previous, latest, instruments, order),
            latest is null ? [] : WordsOf(latest, instruments, order))
        {
            Reviewed = findings.Select(ReviewedOf).OfType<AlertRecord>().Distinct().OrderByDescending(a => a.ReviewedAt).ToList(),
            ReviewKeys = attention
                .Where(f => f.Urgency == AlertUrgency.BatchedWarning)
                .Select(f => (f.Key, Alert: course.Alerts.FirstOrDefault(a => a.Urgency == AlertUrgency.BatchedWarning && a.Tells(f))))
                .Where(r => r.Alert is not null)
                .ToDictionary(r => r.Key, r => r.Alert!.Key, StringComparer.Ordinal),
        };
    }

    /// <summary>Since baseline, in the words the findings use; null where the measure has no reliable-change threshold.</summary>
    private static string? Standing(ChangeFromBaseline change) => change switch
    {
        { ReliableRecovery: true } => "reliable recovery",
        { ReliableChange: ReliableChange.Improvement } => "reliable improvement",
        { ReliableChange: ReliableChange.Deterioration } => "reliable deterioration",
        { ReliableChange: ReliableChange.None } => "no reliable change",
        _ => null,
    };

    /// <summary>The items answered differently at the latest check-in than at the one before, the largest moves first, in the one instrument order.</summary>
    private static List<ItemMove> ItemsMoved(CheckInRecord previous, CheckInRecord latest, InstrumentCatalog instruments, List<string> order) =>
        latest.Answers
            .Where(a => instruments.TryGet(a.Key, out _) && previous.Answers.ContainsKey(a.Key))
            .SelectMany(a =>
            {
                var instrument = instruments[a.Key];
                var before = previous.Answers[a.Key].Choices;
                return a.Value.Choices
                    .Where(c => before.TryGetValue(c.Key, out var was) && was != c.Value && instrument.FindItem(c.Key) is not null)
                    .Select(c => instrument.RiskItems.FirstOrDefault(r => r.Item == c.Key) is var risk
                        ? new ItemMove(instrument, instrument.FindItem(c.Key)!, before[c.Key], c.Value, risk is not null, risk is not null && c.Value > risk.Above)
                        : null)
                    .OfType<ItemMove>();
            })
            .OrderByDescending(m => Math.Abs(m.To - m.From))
            .ThenBy(m => order.IndexOf(m.Instrument.Id))
            .ThenBy(m => m.Instrument.Items.ToList().IndexOf(m.Item))
            .Take(MaxMoves)
            .ToList();

    private static List<OwnWords> WordsOf(CheckInRecord latest, InstrumentCatalog instruments, List<string> order) =>
        latest.Answers
            .Where(a => instruments.TryGet(a.Key, out _))
            .OrderBy(a => order.IndexOf(a.Key))
            .SelectMany(a => a.Value.Texts
                .Where(t => !string.IsNullOrWhiteSpace(t.Value) && instruments[a.Key].FindItem(t.Key) is not null)
                .Select(t => new OwnWords(instruments[a.Key], instruments[a.Key].FindItem(t.Key)!, t.Value)))
            .ToList();
}
