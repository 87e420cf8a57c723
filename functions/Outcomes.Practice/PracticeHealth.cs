using Outcomes.Clinical.Instruments;
using Outcomes.Practice.Email;
using Outcomes.Practice.Learning;

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

/// <summary>An email the provider accepted but reported not delivered (or never reported on).</summary>
public sealed record UndeliveredEmailState(string Subject, DeliveryStatus Status, DateTimeOffset? ReportedAt, bool Urgent);

/// <summary>
/// What an admin checks to know the practice is working: emails not sent, emails not delivered,
/// messages given up on, when each timer last ran, and whether email still goes out from Azure's
/// managed domain (for trying out only).
/// </summary>
public sealed record PracticeHealthReport(
    IReadOnlyList<UnsentEmailState> Unsent, IReadOnlyDictionary<string, int> Poisoned, IReadOnlyList<TimerRun> TimerRuns, DateTimeOffset At)
{
    public IReadOnlyList<UndeliveredEmailState> Undelivered { get; init; } = [];

    public bool TryOutEmailDomain { get; init; }

    /// <summary>What "not on track" is judged against on each measure, and how far the clinic is towards its own.</summary>
    public IReadOnlyList<ExpectedRecoveryState> ExpectedRecovery { get; init; } = [];
}

/// <summary>
/// A measure's expected-recovery reference as it stands: what is in use, and the clinic's completed episodes
/// that began at caseness at the last weekly count (null before the first), of the <paramref name="Needed"/> that make it the clinic's own.
/// </summary>
public sealed record ExpectedRecoveryState(string Measure, string InUse, int? Episodes, int Needed, DateTimeOffset? CountedAt);

public sealed class PracticeHealth(IOutbox outbox, IWorkQueues queues, ITimerRuns timerRuns, IExpectedRecoveryFits fits, InstrumentCatalog instruments, PracticeSettings settings, EmailDomain domain, TimeProvider time)
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

        var undelivered = new List<UndeliveredEmailState>();
        foreach (var watched in await outbox.ListWatchedDeliveriesAsync(cancellationToken))
        {
            if (watched.Status is { } status and not DeliveryStatus.Delivered && await outbox.FindAsync(watched.Key, cancellationToken) is { } entry)
            {
                undelivered.Add(new UndeliveredEmailState(entry.Message.Subject, status, watched.ReportedAt, watched.Urgent));
            }
        }

        return new PracticeHealthReport(
            unsent.OrderBy(e => e.CreatedAt).ToList(),
            await queues.CountPoisonedAsync(cancellationToken),
            (await timerRuns.ListAsync(cancellationToken)).OrderBy(r => r.Name, StringComparer.Ordinal).ToList(),
            time.GetUtcNow())
        {
            Undelivered = undelivered.OrderByDescending(e => e.ReportedAt).ToList(),
            TryOutEmailDomain = domain.AzureManaged,
            ExpectedRecovery = await ExpectedRecoveryAsync(cancellationToken),
        };
    }

    private async Task<List<ExpectedRecoveryState>> ExpectedRecoveryAsync(CancellationToken cancellationToken)
    {
        var counted = (await fits.ListAsync(cancellationToken)).ToDictionary(f => f.InstrumentId, StringComparer.Ordinal);
        return instruments.InDisplayOrder(instruments.All.Where(i => i.ReliableChange is not null).Select(i => i.Id))
            .Select(id => (Instrument: instruments[id], Fit: counted.GetValueOrDefault(id)))
            .Select(m => new ExpectedRecoveryState(
                m.Instrument.Name,
                settings.Clinical.NotOnTrackRule == Clinical.Progress.NotOnTrackRule.RuleOfThumb ? "the rule of thumb (Outcomes:Clinical:NotOnTrackRule)"
                    : instruments.ExpectedRecoveryFor(m.Instrument) is not { } reference ? "the rule of thumb (no expected-recovery reference for this measure)"
                    : reference.IsSynthetic ? "the synthetic reference (not this clinic's clients)"
                    : reference.Source,
                m.Fit?.Episodes,
                settings.Clinical.OwnExpectedRecoveryFrom,
                m.Fit?.FittedAt))
            .ToList();
    }
}
