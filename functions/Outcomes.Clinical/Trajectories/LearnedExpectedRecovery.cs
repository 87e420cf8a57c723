using System.Collections.Frozen;

namespace Outcomes.Clinical.Trajectories;

/// <summary>
/// The expected-recovery bands the running service learned from the clinic's own completed episodes,
/// by measure. Empty until a measure has enough; replaced whole when a newer fit is read, so a reader
/// sees one fit or the other, never a mix.
/// </summary>
public sealed class LearnedExpectedRecovery
{
    private volatile FrozenDictionary<string, ExpectedRecovery> _bands = FrozenDictionary<string, ExpectedRecovery>.Empty;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the bands in use next change: what waits on a new fit (an instance's refresh, seen from outside) awaits it.</summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    public ExpectedRecovery? For(string instrumentId) => _bands.GetValueOrDefault(instrumentId);

    public IReadOnlyCollection<ExpectedRecovery> All => _bands.Values;

    /// <summary>Uses <paramref name="bands"/> from now on (one per measure); true when they differ from those in use.</summary>
    public bool Use(IEnumerable<ExpectedRecovery> bands)
    {
        var next = bands.ToFrozenDictionary(b => b.InstrumentId, StringComparer.Ordinal);
        if (next.Count == _bands.Count && next.All(b => _bands.TryGetValue(b.Key, out var current) && SameFit(current, b.Value)))
        {
            return false;
        }

        _bands = next;
        Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
        return true;
    }

    // Records compare their lists by reference; two reads of one stored fit are the same fit.
    private static bool SameFit(ExpectedRecovery a, ExpectedRecovery b) =>
        a.Source == b.Source && a.Episodes == b.Episodes && a.Steps.SequenceEqual(b.Steps);
}
