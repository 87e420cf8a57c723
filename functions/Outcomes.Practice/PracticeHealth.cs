using Outcomes.Practice.Email;

namespace Outcomes.Practice;

/// <summary>One run of a timer (invitations, escalations, the hourly and weekly emails…): when it last ran and how it ended.</summary>
public sealed record TimerRun(string Name, DateTimeOffset At, bool Succeeded, string? Error);

/// <summary>The last run of each timer, as both hosts record them.</summary>
public interface ITimerRuns
{
    Task RecordAsync(TimerRun run, CancellationToken cancellationToken);

    Task<IReadOnlyList<TimerRun>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>An email in the outbox not yet sent, with why.</summary>
public sealed record UnsentEmailState(string Subject, EmailStatus Status, int Attempts, DateTimeOffset CreatedAt, string? LastError, bool Urgent);

/// <summary>What an admin checks to know the practice is working: emails not sent, messages given up on, and when each timer last ran.</summary>
public sealed record PracticeHealthReport(IReadOnlyList<UnsentEmailState> Unsent, IReadOnlyDictionary<string, int> Poisoned, IReadOnlyList<TimerRun> TimerRuns, DateTimeOffset At);

public sealed class PracticeHealth(IOutbox outbox, IWorkQueues queues, ITimerRuns timerRuns, TimeProvider time)
{
    public async Task<PracticeHealthReport> ReadAsync(CancellationToken cancellationToken)
    {
        var unsent = new List<UnsentEmailState>();
        foreach (var email in await outbox.ListUnsentAsync(cancellationToken))
        {
            if (await outbox.FindAsync(email.Key, cancellationToken) is { } entry && entry.Status != EmailStatus.Sent)
            {
                unsent.Add(new UnsentEmailState(entry.Message.Subject, entry.Status, entry.Attempts, entry.CreatedAt, entry.LastError, email.Urgent));
            }
        }

        return new PracticeHealthReport(
            unsent.OrderBy(e => e.CreatedAt).ToList(),
            await queues.CountPoisonedAsync(cancellationToken),
            (await timerRuns.ListAsync(cancellationToken)).OrderBy(r => r.Name, StringComparer.Ordinal).ToList(),
            time.GetUtcNow());
    }
}
