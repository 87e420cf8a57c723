using System.Collections.Concurrent;

namespace Outcomes.Local;

/// <summary>
/// What the local host's queue processors and timers are doing, for whoever must know when work is
/// done: every message handled (and how), when every queue is idle, and each timer's completed
/// runs. Tests wait on these signals instead of sleeping, and assert "nothing happened" only after idle.
/// </summary>
public sealed class HostActivity
{
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    private readonly object _gate = new();
    private readonly Dictionary<string, Queue> _queues = new(StringComparer.Ordinal);
    private long _sequence;
    private long _lastChange;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // How each message ended, per queue: "handled", "retried", "poisoned".
    private readonly ConcurrentDictionary<(string Queue, string Outcome), int> _outcomes = new();

    /// <summary>How many messages of <paramref name="queue"/> ended as <paramref name="outcome"/> ("handled", "retried", "poisoned").</summary>
    public int Count(string queue, string outcome) => _outcomes.GetValueOrDefault((queue, outcome));

    internal void Register(string queue)
    {
        lock (_gate)
        {
            _queues.TryAdd(queue, new Queue());
        }
    }

    /// <summary>A processor is about to receive: returns the poll's sequence number.</summary>
    internal long PollStarting()
    {
        return Interlocked.Increment(ref _sequence);
    }

    /// <summary>A receive that started at <paramref name="poll"/> brought these messages.</summary>
    internal void Polled(string queue, long poll, IReadOnlyList<string> messageIds)
    {
        lock (_gate)
        {
            var state = _queues[queue];
            state.InFlight += messageIds.Count;
            state.Retrying.ExceptWith(messageIds);
            foreach (var id in messageIds)
            {
                state.LastReceived[id] = poll;
            }

            if (messageIds.Count == 0 && state.InFlight == 0 && state.Retrying.Count == 0)
            {
                state.IdleSince = Math.Max(state.IdleSince, poll);
            }

            Signal();
        }
    }

    /// <summary>
    /// A message received by poll <paramref name="poll"/> is done with: for good, or to be retried (still
    /// work until it is received again). A message received again meanwhile (its lease ran out while
    /// it was handled) is the later receipt's to report.
    /// </summary>
    internal void Finished(string queue, string messageId, long poll, string outcome)
    {
        _outcomes.AddOrUpdate((queue, outcome), 1, (_, n) => n + 1);
        lock (_gate)
        {
            var state = _queues[queue];
            state.InFlight--;
            if (state.LastReceived.TryGetValue(messageId, out var last) && last == poll)
            {
                state.LastReceived.Remove(messageId);
                if (outcome == "retried")
                {
                    state.Retrying.Add(messageId);
                }
            }


            _lastChange = Interlocked.Increment(ref _sequence);
            Signal();
        }
    }

    /// <summary>
    /// Waits until every queue is idle: nothing in hand or waiting to be retried, and an empty receive that began after the
    /// call and after the last message anywhere finished (a handler's message for another queue is
    /// sent before it finishes, so it is seen). Messages queued with a delay are not waited for.
    /// </summary>
    public async Task WaitUntilIdleAsync(TimeSpan timeout)
    {
        var since = Interlocked.Increment(ref _sequence);
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var after = Math.Max(since, _lastChange);
                if (_queues.Values.All(q => q.InFlight == 0 && q.IdleSince > after))
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The queues were not idle within {timeout}: {Describe()}");
            }
        }
    }

    /// <summary>How many runs of the timer <paramref name="schedule"/> (e.g. "DigestSchedule") have finished, failed ones included.</summary>
    public int Runs(string schedule) => _runs.GetValueOrDefault(schedule);

    internal void RunFinished(string schedule)
    {
        _runs.AddOrUpdate(schedule, 1, (_, n) => n + 1);
        lock (_gate)
        {
            Signal();
        }
    }

    /// <summary>Waits until every timer named has finished more runs than <paramref name="before"/> says (a snapshot of <see cref="Runs"/>).</summary>
    public async Task WaitForRunsAsync(IReadOnlyDictionary<string, int> before, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (before.All(b => Runs(b.Key) > b.Value))
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The timers did not run within {timeout}: {string.Join(", ", before.Select(b => $"{b.Key}: {Runs(b.Key)} runs"))}");
            }
        }
    }

    /// <summary>The completed runs of every timer so far, to wait for the next with <see cref="WaitForRunsAsync"/>.</summary>
    public IReadOnlyDictionary<string, int> RunsSoFar(params string[] schedules) => schedules.ToDictionary(s => s, Runs);

    private string Describe()
    {
        lock (_gate)
        {
            return string.Join(", ", _queues.Select(q => $"{q.Key}: {q.Value.InFlight} in hand, {q.Value.Retrying.Count} to retry"));
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private sealed class Queue
    {
        public int InFlight { get; set; }
        public long IdleSince { get; set; }
        public HashSet<string> Retrying { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> LastReceived { get; } = new(StringComparer.Ordinal);
    }
}
