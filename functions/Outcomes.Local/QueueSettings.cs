using System.Text.Json;

namespace Outcomes.Local;

/// <summary>The queue settings of host.json, so that the local host retries and poisons as the Functions host does.</summary>
public sealed record QueueSettings(TimeSpan MaxPollingInterval, TimeSpan VisibilityTimeout, int BatchSize, int MaxDequeueCount)
{
    /// <summary>How long a received message stays hidden while it is handled; a host that stops holding it sees it return after this.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(1);

    public static QueueSettings Default { get; } = new(TimeSpan.FromMinutes(1), TimeSpan.Zero, 16, 5);

    public static QueueSettings FromHostJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("queues", out var queues))
        {
            return Default;
        }

        return new QueueSettings(
            queues.TryGetProperty("maxPollingInterval", out var poll) ? TimeSpan.Parse(poll.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : Default.MaxPollingInterval,
            queues.TryGetProperty("visibilityTimeout", out var visibility) ? TimeSpan.Parse(visibility.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : Default.VisibilityTimeout,
            queues.TryGetProperty("batchSize", out var batch) ? batch.GetInt32() : Default.BatchSize,
            queues.TryGetProperty("maxDequeueCount", out var dequeue) ? dequeue.GetInt32() : Default.MaxDequeueCount);
    }
}
