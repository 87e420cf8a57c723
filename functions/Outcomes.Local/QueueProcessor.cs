using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Outcomes.Local;

/// <summary>
/// Drains one queue the way the Functions queue trigger does: batches handled concurrently,
/// polling faster while there is work; a failed message becomes visible again after the visibility timeout and,
/// after <see cref="QueueSettings.MaxDequeueCount"/> attempts, moves to <c>&lt;queue&gt;-poison</c>.
/// </summary>
public sealed class QueueProcessor(string function, QueueClient queue, QueueClient poison, QueueSettings settings, Func<string, CancellationToken, Task> handle, HostActivity activity, ILogger logger) : BackgroundService
{
    /// <summary>The Functions app's name for this queue's handler.</summary>
    public string Function => function;

    public string Queue => queue.Name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // As the Functions host: up to a batch in hand plus half a batch more (its newBatchThreshold).
        var capacity = settings.BatchSize + (settings.BatchSize / 2);
        using var slots = new SemaphoreSlim(capacity);
        activity.Register(queue.Name);
        var delay = TimeSpan.FromMilliseconds(50);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wanted = Math.Min(settings.BatchSize, slots.CurrentCount);
                if (wanted == 0)
                {
                    await Task.Delay(10, stoppingToken);
                    continue;
                }

                QueueMessage[] messages;
                var poll = activity.PollStarting();
                try
                {
                    messages = (await queue.ReceiveMessagesAsync(wanted, settings.Lease, stoppingToken)).Value;
                    activity.Polled(queue.Name, poll, messages.Select(m => m.MessageId).ToList());
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Not idle: the queue could not be read.
                    logger.LogWarning(ex, "Cannot read queue {Queue}; trying again", queue.Name);
                    messages = [];
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(delay, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    continue;
                }

                delay = TimeSpan.FromMilliseconds(50);
                foreach (var message in messages)
                {
                    await slots.WaitAsync(stoppingToken);
                    _ = Task.Run(
                        async () =>
                        {
                            try
                            {
                                await ProcessAsync(message, poll, stoppingToken);
                            }
                            finally
                            {
                                slots.Release();
                            }
                        },
                        CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Let the messages in hand finish (or return to the queue when their lease ends).
        for (var i = 0; i < capacity; i++)
        {
            await slots.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }
    }

    private async Task ProcessAsync(QueueMessage message, long poll, CancellationToken cancellationToken)
    {
        var outcome = "retried";
        try
        {
            outcome = await HandleAsync(message, cancellationToken);
        }
        finally
        {
            activity.Finished(queue.Name, message.MessageId, poll, outcome);
        }
    }

    private async Task<string> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await handle(message.MessageText, cancellationToken);
            try
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                // Already gone: another receiver handled it too, which idempotent handling makes harmless.
                logger.LogDebug("Message {MessageId} on {Queue} was already deleted", message.MessageId, queue.Name);
            }

            return "handled";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    logger.LogError(ex, "Message {MessageId} on {Queue} failed {Attempts} times; moving it to {Poison}", message.MessageId, queue.Name, message.DequeueCount, poison.Name);
                    await poison.SendMessageAsync(message.MessageText, cancellationToken);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    return "poisoned";
                }
                else
                {
                    logger.LogWarning(ex, "Message {MessageId} on {Queue} failed (attempt {Attempt}); retrying after {Delay}", message.MessageId, queue.Name, message.DequeueCount, settings.VisibilityTimeout);
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: cancellationToken);
                }
            }
            catch (Exception inner) when (inner is not OperationCanceledException)
            {
                // The message reappears by itself when its lease ends.
                logger.LogWarning(inner, "Cannot release message {MessageId} on {Queue}", message.MessageId, queue.Name);
            }

            return "retried";
        }
    }
}
