using Cronos;

namespace Outcomes.Local;

/// <summary>
/// Fires a job on an NCRONTAB schedule (with seconds, as the Functions timer trigger reads it), and
/// once at start-up, so that a late or restarted host catches up rather than skipping anyone.
/// </summary>
/// <param name="startAfter">The first run waits for this too (the demo's seeding: no run sees a half-made practice).</param>
/// <param name="function">The Functions app's name for this timer.</param>
/// <param name="name">The schedule's setting (e.g. DigestSchedule), which also names its runs in <see cref="HostActivity"/>.</param>
public sealed class ScheduledRun(string function, string name, string schedule, TimeProvider time, Func<DateTimeOffset, CancellationToken, Task> job, ILogger logger, IHostApplicationLifetime? lifetime = null, HostActivity? activity = null, Outcomes.Practice.ITimerRuns? runs = null, Task? startAfter = null) : BackgroundService
{
    public string Function => function;

    public string Setting => name;

    public string Schedule => schedule;

    private readonly CronExpression _cron = CronExpression.Parse(schedule, CronFormat.IncludeSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (lifetime is not null)
        {
            // Jobs write links with the host's address, which is known once the server has started.
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
            {
                await started.Task;
            }
        }

        if (startAfter is not null)
        {
            await startAfter.WaitAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var startedAt = time.GetUtcNow();
            string? failure = null;
            try
            {
                await job(startedAt, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex.GetType().Name;
                logger.LogError(ex, "The {Job} run failed; it runs again at the next occurrence", name);
            }

            if (runs is not null && !stoppingToken.IsCancellationRequested)
            {
                await RecordAsync(runs, new Outcomes.Practice.TimerRun(function, startedAt, failure is null, failure), stoppingToken);
            }

            activity?.RunFinished(name);

            var next = _cron.GetNextOccurrence(time.GetUtcNow(), TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            await Task.Delay(next.Value - time.GetUtcNow(), time, stoppingToken);
        }
    }

    /// <summary>For the practice page's health; a run that cannot be recorded still ran.</summary>
    private async Task RecordAsync(Outcomes.Practice.ITimerRuns runs, Outcomes.Practice.TimerRun run, CancellationToken cancellationToken)
    {
        try
        {
            await runs.RecordAsync(run, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The {Job} run could not be recorded", name);
        }
    }
}
