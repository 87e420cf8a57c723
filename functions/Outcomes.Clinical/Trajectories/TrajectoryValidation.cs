using System.Security.Cryptography;
using System.Text;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;

namespace Outcomes.Clinical.Trajectories;

/// <summary>How one rule did on held-out episodes: how early and how well it flagged those that ended without reliable improvement.</summary>
public sealed record RulePerformance(string Rule, int Episodes, int PoorOutcomes, int FlaggedPoor, int FlaggedGood, double? MedianFirstFlag)
{
    /// <summary>Of the episodes that ended without reliable improvement, the share flagged before their last check-in.</summary>
    public double? Sensitivity => PoorOutcomes == 0 ? null : (double)FlaggedPoor / PoorOutcomes;

    /// <summary>Of the episodes that ended reliably improved, the share never flagged before their last check-in.</summary>
    public double? Specificity => Episodes - PoorOutcomes == 0 ? null : 1 - ((double)FlaggedGood / (Episodes - PoorOutcomes));
}

/// <summary>
/// Holds out a share of episodes (chosen by a hash of each id, so the same file always splits the
/// same way), fits expected recovery on the rest, and compares the two "not on track" rules on the
/// held-out ones: flags are looked for from the second check-in up to the one before the last, and
/// the outcome is whether the last check-in is a reliable improvement on the baseline.
/// </summary>
public static class TrajectoryValidation
{
    public static (ExpectedRecovery Fitted, RulePerformance Expected, RulePerformance RuleOfThumb) Compare(
        Instrument instrument, IReadOnlyList<Episode> episodes, double holdOut, ClinicalSettings settings, string source)
    {
        if (holdOut is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(holdOut), holdOut, "The held-out share lies strictly between 0 and 1.");
        }

        var held = episodes.Where(e => HeldOut(e.Id, holdOut)).ToList();
        var fitted = ExpectedRecovery.Fit(instrument, episodes.Where(e => !HeldOut(e.Id, holdOut)), source);
        var judged = held.Where(e => e.Scores.Count >= 3 && ExpectedRecovery.Applies(instrument, e.Scores[0])).ToList();

        int? FirstByBand(Episode e)
        {
            for (var k = 2; k < e.Scores.Count; k++)
            {
                if (NotOnTrack.Assess(instrument, Series(e, k), fitted, settings) == true)
                {
                    return k;
                }
            }

            return null;
        }

        int? FirstByThumb(Episode e)
        {
            for (var k = 2; k < e.Scores.Count; k++)
            {
                if (NotOnTrack.Assess(instrument, ChangeFromBaseline.Assess(instrument, Series(e, k)), settings) == true)
                {
                    return k;
                }
            }

            return null;
        }

        return (fitted, Performance("expected recovery", instrument, judged, FirstByBand), Performance("rule of thumb", instrument, judged, FirstByThumb));
    }

    /// <summary>Whether an episode is held out: the first two bytes of SHA-256 of its id, as a share of 65,536, below <paramref name="share"/>.</summary>
    public static bool HeldOut(string id, double share)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        return ((hash[0] << 8) | hash[1]) < share * 65536;
    }

    private static List<ScorePoint> Series(Episode e, int upTo) =>
        e.Scores.Take(upTo).Select((s, i) => new ScorePoint(e.At is { } at ? at[i] : DateTimeOffset.UnixEpoch.AddDays(7 * i), s)).ToList();

    private static RulePerformance Performance(string rule, Instrument instrument, List<Episode> episodes, Func<Episode, int?> firstFlag)
    {
        var poor = episodes.Where(e => ChangeFromBaseline.Assess(instrument, Series(e, e.Scores.Count)).ReliableChange != ReliableChange.Improvement).ToList();
        var good = episodes.Except(poor).ToList();
        var flags = poor.Select(firstFlag).OfType<int>().Select(k => (double)k).ToList();
        return new RulePerformance(
            rule,
            episodes.Count,
            poor.Count,
            flags.Count,
            good.Count(e => firstFlag(e) is not null),
            flags.Count == 0 ? null : Statistics.SampleStatistics.Median(flags));
    }
}
