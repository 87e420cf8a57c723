using System.Globalization;
using Outcomes.Clinical.Engagement;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.SuddenGains;

namespace Outcomes.Clinical.Progress;

/// <summary>
/// A client's progress across the episode of care: per instrument, the paired PHQ-9 + GAD-7 rule,
/// openness and alliance, and the findings a therapist is told about.
/// </summary>
public sealed record ClientProgress
{
    public const string Depression = "phq9";
    public const string Anxiety = "gad7";

    public required IReadOnlyList<InstrumentProgress> Instruments { get; init; }

    /// <summary>The paired rule, for a client measured on PHQ-9 and GAD-7 together.</summary>
    public PairedChange? Paired { get; init; }

    public OpennessTrend? Openness { get; init; }
    public AllianceSignal? Alliance { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>
    /// Assesses a client's history (oldest response first). <paramref name="missedInRow"/> is the
    /// number of invitations left unanswered since the last response.
    /// </summary>
    public static ClientProgress Assess(
        IReadOnlyList<ScoredResponse> history,
        InstrumentCatalog catalog,
        int missedInRow,
        ClinicalSettings settings)
    {
        var ordered = history.OrderBy(r => r.At).ToList();
        var findings = new List<Finding>();
        var progress = new List<InstrumentProgress>();

        var byInstrument = ordered
            .SelectMany(r => r.Scores.Select(s => (r.At, Score: s)))
            .GroupBy(p => p.Score.InstrumentId)
            .OrderBy(g => g.Key, StringComparer.Ordinal);

        OpennessTrend? openness = null;
        AllianceSignal? alliance = null;
        foreach (var group in byInstrument)
        {
            if (!catalog.TryGet(group.Key, out var instrument))
            {
                throw new InvalidOperationException($"A score names instrument '{group.Key}', which is not in the catalog.");
            }

            var scores = group.ToList();
            var series = scores.Select(p => new ScorePoint(p.At, p.Score.Primary)).ToList();
            var expected = settings.NotOnTrackRule == NotOnTrackRule.ExpectedRecovery ? catalog.ExpectedRecoveryFor(instrument) : null;
            var instrumentProgress = AssessInstrument(instrument, series, settings, expected, findings);
            progress.Add(instrumentProgress);

            var latest = scores[^1];
            if (latest.Score.HasRiskAnswer)
            {
                // Names the question, never the answer given.
                var questions = latest.Score.RiskItems.Select(item => $"item {item} (\"{instrument.FindItem(item)!.Text}\")");
                findings.Add(new Finding(
                    FindingKind.RiskAnswer,
                    instrument.Id,
                    Key(FindingKind.RiskAnswer, instrument.Id, latest.At),
                    latest.At,
                    $"Risk answer on {instrument.Name} {string.Join(", ", questions)}; {instrument.Name} total {Format(latest.Score.Primary)}")
                { CheckIn = scores.Count });
            }

            if (instrument.TrustItem is not null)
            {
                var trust = scores.Where(p => p.Score.Trust is not null).Select(p => p.Score.Trust!.Value).ToList();
                alliance = AllianceSignal.Assess(trust, settings);
                if (alliance is not null)
                {
                    var of = MaxOption(instrument, instrument.TrustItem);
                    var what = alliance.Drop is int drop && drop >= settings.AllianceDrop
                        ? $"trust in the therapist dropped from {alliance.PreviousTrust} to {alliance.Trust} of {of}"
                        : alliance.FellTwiceInARow
                            ? $"trust in the therapist fell at two check-ins in a row, to {alliance.Trust} of {of}"
                            : $"trust in the therapist is low: {alliance.Trust} of {of}";
                    findings.Add(new Finding(FindingKind.AllianceSignal, instrument.Id, Key(FindingKind.AllianceSignal, instrument.Id, latest.At), latest.At, $"{instrument.Name}: {what}: alliance signal") { CheckIn = scores.Count });
                }

                openness = OpennessTrend.Assess(series.Select(p => p.Score).ToList(), settings);
            }

            // The latest 'aha' moment, whichever check-in it came with: an event, which the digest counts as good news while it is recent.
            var aha = instrument.BreakthroughItem is null ? -1 : scores.FindLastIndex(p => p.Score.Breakthrough);
            if (aha >= 0)
            {
                findings.Add(new Finding(FindingKind.Breakthrough, instrument.Id, Key(FindingKind.Breakthrough, instrument.Id, scores[aha].At), scores[aha].At, "The client reported a new insight (an 'aha' moment)") { CheckIn = aha + 1 });
            }
        }

        PairedChange? paired = null;
        var depression = progress.FirstOrDefault(p => p.Instrument.Id == Depression);
        var anxiety = progress.FirstOrDefault(p => p.Instrument.Id == Anxiety);
        if (depression is not null && anxiety is not null)
        {
            paired = PairedChange.Assess(depression.Change, anxiety.Change);
        }

        if (missedInRow >= settings.MissedCheckIns && missedInRow > 0)
        {
            findings.Add(new Finding(FindingKind.MissedCheckIns, null, $"missed:{missedInRow}", ordered.Count > 0 ? ordered[^1].At : DateTimeOffset.MinValue, $"{missedInRow} check-ins in a row unanswered"));
        }

        return new ClientProgress
        {
            Instruments = progress,
            Paired = paired,
            Openness = openness,
            Alliance = alliance,
            Findings = findings,
        };
    }

    private static InstrumentProgress AssessInstrument(Instrument instrument, List<ScorePoint> series, ClinicalSettings settings, Trajectories.ExpectedRecovery? expected, List<Finding> findings)
    {
        var change = ChangeFromBaseline.Assess(instrument, series);

        // Expected recovery where it applies (a baseline at caseness, a fitted reference); the rule of thumb elsewhere, or by setting.
        var byBand = expected is not null && Trajectories.ExpectedRecovery.Applies(instrument, change.Baseline.Score) && expected.Steps.Count > 0;
        bool? RuleOfThumb(int k) => NotOnTrack.Assess(instrument, ChangeFromBaseline.Assess(instrument, series.Take(k + 1).ToList()), settings);

        // Against expected recovery, with hysteresis: off track begins outside the path of 9 in 10, and ends only
        // back at the median path or better — a client hovering at the edge is one warning, not one a week.
        var held = new bool?[series.Count];
        for (var k = 0; k < series.Count; k++)
        {
            held[k] = !byBand ? RuleOfThumb(k)
                : NotOnTrack.Assess(instrument, series.Take(k + 1).ToList(), expected!, settings) is not bool raw ? null
                : raw || (k > 0 && held[k - 1] == true && !NotOnTrack.IsBackOnTrack(instrument, expected!, k + 1, series[0].Score, series[k].Score));
        }

        var notOnTrack = held[^1];
        List<SuddenChange> gains = [], losses = [];
        if (instrument.ReliableChange is double cutoff)
        {
            var criteria = new SuddenChangeCriteria(cutoff, settings.SuddenGainPercent, settings.SuddenGainAlpha);
            var x = series.Select(p => p.Score).ToArray();
            var gainDirection = instrument.Direction == ScoreDirection.LowerIsBetter ? ChangeDirection.Decrease : ChangeDirection.Increase;
            var lossDirection = gainDirection == ChangeDirection.Decrease ? ChangeDirection.Increase : ChangeDirection.Decrease;
            gains = SuddenChangeDetector.FindLive(x, gainDirection, criteria);
            losses = SuddenChangeDetector.FindLive(x, lossDirection, criteria);
        }

        var name = instrument.Name;
        var id = instrument.Id;
        var latest = series.Count - 1;

        // A state (deterioration, recovery, not on track) keeps the key of the response where its
        // current unbroken run began, so it is reported once however many responses it lasts.
        ChangeFromBaseline ChangeAt(int k) => ChangeFromBaseline.Assess(instrument, series.Take(k + 1).ToList());
        int Onset(Func<ChangeFromBaseline, bool> holds)
        {
            var k = latest;
            while (k > 0 && holds(ChangeAt(k - 1)))
            {
                k--;
            }

            return k;
        }

        // The score at the state's onset, not the latest: the words stay the same while the state lasts.
        string Movement(int onset) =>
            $"{name} {(series[onset].Score > change.Baseline.Score ? "rose" : "fell")} from {Format(change.Baseline.Score)} to {Format(series[onset].Score)} since baseline";

        // A state is worded as it began, and — once it has lasted — with where it stands today.
        Finding State(FindingKind kind, int onset, string description) =>
            new(kind, id, Key(kind, id, series[onset].At), series[onset].At, description)
            {
                CheckIn = onset + 1,
                Now = onset == latest ? null : $"{name} {Format(series[latest].Score)} now (check-in {latest + 1})",
            };

        if (change.ReliableChange == ReliableChange.Deterioration)
        {
            var onset = Onset(c => c.ReliableChange == ReliableChange.Deterioration);
            findings.Add(State(FindingKind.ReliableDeterioration, onset, $"{Movement(onset)}: reliable deterioration"));
        }
        else if (change.ReliableRecovery == true)
        {
            var onset = Onset(c => c.ReliableRecovery == true);
            findings.Add(State(FindingKind.ReliableRecovery, onset, $"{Movement(onset)}, below the clinical cutoff of {Format(instrument.Caseness!.Value)}: reliable recovery"));
        }
        else if (change.Recovery == true)
        {
            var onset = Onset(c => c.Recovery == true);
            findings.Add(State(FindingKind.Recovery, onset, $"{Movement(onset)}, below the clinical cutoff of {Format(instrument.Caseness!.Value)}: recovery"));
        }
        else if (change.ReliableChange == ReliableChange.Improvement)
        {
            var onset = Onset(c => c.ReliableChange == ReliableChange.Improvement);
            findings.Add(State(FindingKind.ReliableImprovement, onset, $"{Movement(onset)}: reliable improvement"));
        }

        // Reliable deterioration is also off track; it is reported once, as deterioration.
        if (notOnTrack == true && change.ReliableChange != ReliableChange.Deterioration)
        {
            var onset = latest;
            while (onset > 0 && held[onset - 1] == true)
            {
                onset--;
            }

            var then = series[onset];
            var band = instrument.BandFor(then.Score)?.Label ?? "at caseness";
            if (byBand)
            {
                // Worded with the score and the expected range at its onset, and — once it has lasted — today's.
                var range = expected!.RangeAt(instrument, onset + 1, change.Baseline.Score)!;
                var today = expected.RangeAt(instrument, latest + 1, change.Baseline.Score)!;
                var side = instrument.Direction == ScoreDirection.LowerIsBetter ? "above" : "below";
                findings.Add(State(
                    FindingKind.NotOnTrack,
                    onset,
                    $"{name} is {Format(then.Score)} ({band}) at check-in {onset + 1}, {side} the {Expected(expected)} of {Format(range.Low)}–{Format(range.High)} for a baseline of {Format(change.Baseline.Score)}: not on track") with
                {
                    Now = $"{name} {Format(series[latest].Score)} now (check-in {latest + 1}; expected {Format(today.Low)}–{Format(today.High)})",
                });
            }
            else
            {
                var weeks = (int)((then.At - change.Baseline.At).TotalDays / 7);
                var worse = instrument.Direction == ScoreDirection.LowerIsBetter ? then.Score > change.Baseline.Score : then.Score < change.Baseline.Score;

                // "Improvement" is never said of a score that moved the wrong way.
                findings.Add(State(
                    FindingKind.NotOnTrack,
                    onset,
                    worse
                        ? $"{name} rose from {Format(change.Baseline.Score)} to {Format(then.Score)} ({band}) in {weeks} weeks since baseline: not on track"
                        : $"{name} is {Format(then.Score)} ({band}) {weeks} weeks after a baseline of {Format(change.Baseline.Score)}: less than {settings.NotOnTrackMinimumImprovement:P0} improvement, not on track"));
            }
        }

        foreach (var gain in gains)
        {
            var kind = gain.Status == SuddenChangeStatus.Confirmed ? FindingKind.SuddenGain : FindingKind.ProvisionalSuddenGain;
            var reversed = gain.Reversed ? ", since partly reversed" : "";
            var label = gain.Status == SuddenChangeStatus.Confirmed ? "sudden gain" : "possible sudden gain (confirmed or dropped at the next check-in)";
            findings.Add(new Finding(kind, id, Key(kind, id, series[gain.PreSession].At), series[gain.PostSession].At, $"{name} {(gain.PostScore < gain.PreScore ? "fell" : "rose")} from {Format(gain.PreScore)} to {Format(gain.PostScore)} between check-ins {gain.PreSession + 1} and {gain.PostSession + 1}{reversed}: {label}") { CheckIn = gain.PostSession + 1 });
        }

        foreach (var loss in losses)
        {
            var kind = loss.Status == SuddenChangeStatus.Confirmed ? FindingKind.SuddenLoss : FindingKind.ProvisionalSuddenLoss;
            var label = loss.Status == SuddenChangeStatus.Confirmed ? "sudden loss" : "possible sudden loss (confirmed or dropped at the next check-in)";
            findings.Add(new Finding(kind, id, Key(kind, id, series[loss.PreSession].At), series[loss.PostSession].At, $"{name} {(loss.PostScore > loss.PreScore ? "rose" : "fell")} from {Format(loss.PreScore)} to {Format(loss.PostScore)} between check-ins {loss.PreSession + 1} and {loss.PostSession + 1}: {label}") { CheckIn = loss.PostSession + 1 });
        }

        return new InstrumentProgress
        {
            Expected = byBand ? expected : null,
            Instrument = instrument,
            Series = series,
            Change = change,
            NotOnTrack = notOnTrack,
            SuddenGains = gains,
            SuddenLosses = losses,
        };
    }

    // A finding is keyed by the time of the check-in it belongs to, not its position in the series:
    // a response stored late (scored out of order) must not take the key of one scored before it.
    private static string Key(FindingKind kind, string instrumentId, DateTimeOffset checkIn) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}:{instrumentId}:{checkIn.UtcTicks}");

    /// <summary>The reference named as what it is: never the clinic's own when it is synthetic.</summary>
    private static string Expected(Trajectories.ExpectedRecovery expected) =>
        expected.IsSynthetic ? "expected range (synthetic reference)" : "expected range of this clinic's clients";

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static int MaxOption(Instrument instrument, string itemId) => instrument.FindItem(itemId)!.Options.Max(o => o.Value);
}
