using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace Outcomes.Practice;

/// <summary>
/// How a timed run goes through its items: one item that fails (a storage outage, a broken record)
/// must not stop the others — a risk alert for one client must not wait on another's. Each failure
/// is logged with the item's ids (never an address or a link); after
/// the last item the first failure is thrown, so the run shows as failed and its items are tried
/// again at the next run.
/// </summary>
public static class EachItem
{
    public static async Task RunAsync<T>(IEnumerable<T> items, Func<T, string> describe, Func<T, Task> handle, ILogger logger, string run, CancellationToken cancellationToken)
    {
        ExceptionDispatchInfo? first = null;
        var failed = 0;
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await handle(item);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                first ??= ExceptionDispatchInfo.Capture(ex);
                logger.LogError(ex, "The {Run} run failed for {Item}; it is tried again at the next run", run, describe(item));
            }
        }

        if (first is not null)
        {
            logger.LogError("The {Run} run finished with {Failed} failed items", run, failed);
            first.Throw();
        }
    }
}
