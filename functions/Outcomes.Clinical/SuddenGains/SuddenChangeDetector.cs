using Outcomes.Clinical.Statistics;

namespace Outcomes.Clinical.SuddenGains;

/// <summary>
/// Finds sudden gains and losses in a series of scores (clinical.md, "Sudden gains and sudden
/// losses"). A series is indexed by session: x[0] is the baseline (NaN when there is none) and
/// x[1..N] the sessions; NaN marks a missing score.
/// </summary>
public static class SuddenChangeDetector
{
    /// <summary>The first pre-change session checked: 1 with a baseline, else 2.</summary>
    public static int FirstInterval(bool hasBaseline) => hasBaseline ? 1 : 2;

    /// <summary>The last pre-change session checked, N − 2: its change needs two values after it.</summary>
    public static int LastInterval(int seriesLength) => seriesLength - 3;

    /// <summary>Each interval from <see cref="FirstInterval"/> to <see cref="LastInterval"/>, with every criterion's verdict.</summary>
    public static IReadOnlyList<IntervalResult> Intervals(ReadOnlySpan<double> x, bool hasBaseline, ChangeDirection direction, SuddenChangeCriteria criteria)
    {
        var results = new List<IntervalResult>();
        for (var n = FirstInterval(hasBaseline); n <= LastInterval(x.Length); n++)
        {
            results.Add(Evaluate(x, n, hasBaseline, direction, criteria));
        }

        return results;
    }

    /// <summary>Every confirmed sudden change in a complete series (the batch analysis of a data set).</summary>
    public static List<SuddenChange> Find(ReadOnlySpan<double> x, bool hasBaseline, ChangeDirection direction, SuddenChangeCriteria criteria)
    {
        var found = new List<SuddenChange>();
        for (var n = FirstInterval(hasBaseline); n <= LastInterval(x.Length); n++)
        {
            if (Evaluate(x, n, hasBaseline, direction, criteria).IsSuddenChange == true)
            {
                found.Add(new SuddenChange(n, x[n], x[n + 1], IsReversed(x, n, direction, criteria), SuddenChangeStatus.Confirmed));
            }
        }

        return found;
    }

    /// <summary>
    /// Sudden changes in a client's series that is still growing: the first score is the baseline,
    /// every interval that can be decided is, and the latest interval is provisional when
    /// criteria 1 and 2 hold (criterion 3 waits for the next score).
    /// </summary>
    public static List<SuddenChange> FindLive(ReadOnlySpan<double> x, ChangeDirection direction, SuddenChangeCriteria criteria)
    {
        var found = Find(x, hasBaseline: true, direction, criteria);
        var latest = x.Length - 2;
        if (latest >= FirstInterval(hasBaseline: true))
        {
            var result = Evaluate(x, latest, hasBaseline: true, direction, criteria);
            if (result.Criterion1 == true && result.Criterion2 == true && result.Criterion3 is null)
            {
                found.Add(new SuddenChange(latest, x[latest], x[latest + 1], Reversed: false, SuddenChangeStatus.Provisional));
            }
        }

        return found;
    }

    /// <summary>The three criteria for interval <paramref name="n"/> → n+1.</summary>
    public static IntervalResult Evaluate(ReadOnlySpan<double> x, int n, bool hasBaseline, ChangeDirection direction, SuddenChangeCriteria criteria)
    {
        var first = hasBaseline ? 0 : 1;
        if (n < first || n + 1 >= x.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The interval lies outside the series.");
        }

        bool? criterion1 = null, criterion2 = null;
        var pre = x[n];
        var post = x[n + 1];
        if (!double.IsNaN(pre) && !double.IsNaN(post))
        {
            // Written as suddengains writes it, so that floating-point ties fall the same way.
            var change = direction == ChangeDirection.Decrease ? pre - post : post - pre;
            criterion1 = change >= criteria.Cutoff;
            criterion2 = change >= criteria.Percent * pre;
        }

        // Criterion 3: up to three values either side, missing ones dropped.
        Span<double> before = stackalloc double[3];
        Span<double> after = stackalloc double[3];
        var nBefore = Collect(x, Math.Max(first, n - 2), n, before);
        var nAfter = Collect(x, n + 1, Math.Min(x.Length - 1, n + 3), after);

        bool? criterion3 = null;
        if (nBefore >= 2 && nAfter >= 2)
        {
            before = before[..nBefore];
            after = after[..nAfter];
            var sdBefore = SampleStatistics.StandardDeviation(before);
            var sdAfter = SampleStatistics.StandardDeviation(after);
            var pooled = Math.Sqrt((((nBefore - 1) * (sdBefore * sdBefore)) + ((nAfter - 1) * (sdAfter * sdAfter))) / (nBefore + nAfter - 2));
            var meanDifference = direction == ChangeDirection.Decrease
                ? SampleStatistics.Mean(before) - SampleStatistics.Mean(after)
                : SampleStatistics.Mean(after) - SampleStatistics.Mean(before);
            criterion3 = meanDifference > criteria.CriticalValue(nBefore + nAfter) * pooled;
        }

        return new IntervalResult(n, criterion1, criterion2, criterion3);
    }

    /// <summary>
    /// Whether a later score undoes at least half of the change: for a decrease, some score from
    /// x[n + ReversalFrom] on above x[n+1] + magnitude / 2 (below it, mirrored, for an increase).
    /// </summary>
    public static bool IsReversed(ReadOnlySpan<double> x, int n, ChangeDirection direction, SuddenChangeCriteria criteria)
    {
        var post = x[n + 1];
        var threshold = post + ((x[n] - post) / 2);
        for (var k = n + criteria.ReversalFrom; k < x.Length; k++)
        {
            var later = x[k];
            if (direction == ChangeDirection.Decrease ? later > threshold : later < threshold)
            {
                return true;
            }
        }

        return false;
    }

    private static int Collect(ReadOnlySpan<double> x, int from, int to, Span<double> into)
    {
        var count = 0;
        for (var i = from; i <= to; i++)
        {
            if (!double.IsNaN(x[i]))
            {
                into[count++] = x[i];
            }
        }

        return count;
    }
}
