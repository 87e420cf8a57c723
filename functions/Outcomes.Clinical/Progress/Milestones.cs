using System.Globalization;
using Outcomes.Clinical.Engagement;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.SuddenGains;

namespace Outcomes.Clinical.Progress;

/// <summary>
/// The milestones of a client's course, each found at the check-in where it was first reached, so
/// that the list only grows as check-ins are added and a milestone keeps its check-in and key
/// (docs/clinical-rules.md, "What clients see"). Rising scores, warning signs and risk answers are
/// never milestones.
/// </summary>
public static class Milestones
{
    /// <summary>Check-ins in a row celebrated: 3, 5, 10, then every 5.</summary>
    public static bool IsStreakMilestone(int inRow) => inRow is 3 or 5 || (inRow >= 10 && inRow % 5 == 0);

    /// <summary>
    /// The milestones in <paramref name="history"/> (oldest first), in the order they were reached.
    /// <paramref name="missedLinks"/> are when links that went unanswered expired: one between two
    /// check-ins breaks a streak.
    /// </summary>
    public static IReadOnlyList<Milestone> Of(
        IReadOnlyList<ScoredResponse> history,
        InstrumentCatalog catalog,
        ClinicalSettings settings,
        IReadOnlyList<DateTimeOffset> missedLinks)
    {
        var ordered = history.OrderBy(r => r.At).ToList();
        var found = new List<Milestone>();
        if (ordered.Count == 0)
        {
            return found;
        }

        found.Add(new Milestone(MilestoneKind.FirstCheckIn, null, 1, ordered[0].At, "first"));
        Streaks(ordered, missedLinks, found);

        var byInstrument = ordered
            .SelectMany((r, i) => r.Scores.Select(s => (CheckIn: i + 1, r.At, Score: s)))
            .GroupBy(p => p.Score.InstrumentId)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in byInstrument)
        {
            if (!catalog.TryGet(group.Key, out var instrument))
            {
                continue;
            }

            var points = group.ToList();
            var series = points.Select(p => new ScorePoint(p.At, p.Score.Primary)).ToList();
            Change(instrument, points.Select(p => p.CheckIn).ToList(), series, settings, found);
            if (instrument.TrustItem is not null)
            {
                Openness(instrument, points.Select(p => p.CheckIn).ToList(), series, settings, found);
            }

            if (instrument.BreakthroughItem is not null)
            {
                found.AddRange(points.Where(p => p.Score.Breakthrough)
                    .Select(p => new Milestone(MilestoneKind.Aha, instrument.Id, p.CheckIn, p.At, $"aha:{instrument.Id}:{Ticks(p.At)}")));
            }
        }

        return found.OrderBy(m => m.CheckIn).ThenBy(m => m.Kind).ToList();
    }

    private static void Streaks(List<ScoredResponse> ordered, IReadOnlyList<DateTimeOffset> missedLinks, List<Milestone> found)
    {
        var inRow = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var broken = i > 0 && missedLinks.Any(expired => expired > ordered[i - 1].At && expired <= ordered[i].At);
            inRow = broken ? 1 : inRow + 1;
            if (IsStreakMilestone(inRow))
            {
                found.Add(new Milestone(MilestoneKind.Streak, null, i + 1, ordered[i].At, $"streak:{inRow}:{Ticks(ordered[i].At)}") { Count = inRow });
            }
        }
    }

    /// <summary>Reliable improvement and recovery, each the first time it holds; confirmed sudden gains, where each was first confirmed.</summary>
    private static void Change(Instrument instrument, List<int> checkIns, List<ScorePoint> series, ClinicalSettings settings, List<Milestone> found)
    {
        var id = instrument.Id;
        var improved = false;
        var recovered = false;
        for (var k = 1; k < series.Count; k++)
        {
            var change = ChangeFromBaseline.Assess(instrument, series.Take(k + 1).ToList());
            if (!improved && change.ReliableChange == ReliableChange.Improvement)
            {
                improved = true;
                found.Add(new Milestone(MilestoneKind.ReliableImprovement, id, checkIns[k], series[k].At, $"improvement:{id}"));
            }

            if (!recovered && change.Recovery == true)
            {
                recovered = true;
                found.Add(new Milestone(MilestoneKind.Recovery, id, checkIns[k], series[k].At, $"recovery:{id}"));
            }
        }

        if (instrument.ReliableChange is not double cutoff)
        {
            return;
        }

        var criteria = new SuddenChangeCriteria(cutoff, settings.SuddenGainPercent, settings.SuddenGainAlpha);
        var direction = instrument.Direction == ScoreDirection.LowerIsBetter ? ChangeDirection.Decrease : ChangeDirection.Increase;
        var x = series.Select(p => p.Score).ToArray();
        var standing = SuddenChangeDetector.FindLive(x, direction, criteria)
            .Where(g => g.Status == SuddenChangeStatus.Confirmed)
            .Select(g => g.PreSession)
            .ToHashSet();
        var told = new HashSet<int>();
        for (var length = 3; length <= x.Length; length++)
        {
            foreach (var gain in SuddenChangeDetector.FindLive(x.AsSpan(0, length), direction, criteria))
            {
                if (gain.Status == SuddenChangeStatus.Confirmed && standing.Contains(gain.PreSession) && told.Add(gain.PreSession))
                {
                    found.Add(new Milestone(MilestoneKind.SuddenGain, id, checkIns[length - 1], series[length - 1].At, $"sudden-gain:{id}:{Ticks(series[gain.PreSession].At)}")
                    {
                        FromCheckIn = checkIns[gain.PreSession],
                        ToCheckIn = checkIns[gain.PostSession],
                        FromScore = gain.PreScore,
                        ToScore = gain.PostScore,
                    });
                }
            }
        }
    }

    /// <summary>The openness trend turning to rising: once for each run of check-ins over which it rises.</summary>
    private static void Openness(Instrument instrument, List<int> checkIns, List<ScorePoint> series, ClinicalSettings settings, List<Milestone> found)
    {
        var rising = false;
        for (var length = 1; length <= series.Count; length++)
        {
            var trend = OpennessTrend.Assess(series.Take(length).Select(p => p.Score).ToList(), settings);
            var now = trend?.Direction == TrendDirection.Rising;
            if (now && !rising)
            {
                var at = series[length - 1].At;
                found.Add(new Milestone(MilestoneKind.OpennessGrowing, instrument.Id, checkIns[length - 1], at, $"openness:{instrument.Id}:{Ticks(at)}"));
            }

            rising = now;
        }
    }

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
