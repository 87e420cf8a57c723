using Azure;
using Outcomes.Practice;

namespace Outcomes.Storage;

/// <summary>Turns a storage service that cannot be reached, or fails, into <see cref="StorageUnavailableException"/>.</summary>
public static class StorageFailures
{
    public static async Task Guard(Func<Task> operation, string service)
    {
        try
        {
            await operation();
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new StorageUnavailableException($"{service} storage could not be reached or failed.", ex);
        }
    }

    /// <summary>No answer, a server error, or the retries given up (Azure.Core then throws an AggregateException).</summary>
    public static bool IsUnavailable(Exception ex) =>
        ex is RequestFailedException { Status: 0 or >= 500 } or HttpRequestException or AggregateException or System.Net.Sockets.SocketException
            or TaskCanceledException { InnerException: TimeoutException };
}
