using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Outcomes.Practice.Learning;

namespace Outcomes.Hosting.Learning;

/// <summary>
/// Keeps each instance on the latest expected-recovery fit: read before the host serves anything
/// (<see cref="ExpectedRecoveryLearning.FirstReadAsync"/>), then every <see cref="Every"/>, so an instance
/// follows the weekly run within minutes. A failed read keeps what is in use and is tried again at the next turn.
/// </summary>
public sealed class ExpectedRecoveryRefresh(ExpectedRecoveryLearning learning, TimeProvider time, ILogger<ExpectedRecoveryRefresh> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(10);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered before the local host's server, queue processors and timers, so it completes before them.
        await learning.FirstReadAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await learning.RefreshAsync(cancellationToken))
            {
                logger.LogInformation("Expected recovery: the clinic's own bands now serve {Measures}", learning.InUse.Any() ? string.Join(", ", learning.InUse) : "no measure (the synthetic reference serves)");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Expected recovery: the learned bands could not be read; those in use stay");
        }
    }
}
