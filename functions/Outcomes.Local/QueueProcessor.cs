using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Outcomes.Local;

/// <summary>
/// Drains one queue the way the Functions queue trigger does: a batch at a time, polling faster
/// while there is work; a failed message becomes visible again after the visibility timeout and,
/// after <see cref="QueueSettings.MaxDequeueCount"/> attempts, moves to <c>&lt;queue&gt;-poison</c>.
/// </summary>
public sealed class QueueProcessor(QueueClient queue, QueueClient poison, QueueSettings settings, Func<string, CancellationToken, Task> handle, ILogger logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, TimeSpan.FromMinutes(5), stoppingToken)).Value;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
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
            await Task.WhenAll(messages.Select(m => ProcessAsync(m, stoppingToken)));
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await handle(message.MessageText, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
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
        }
    }
}
