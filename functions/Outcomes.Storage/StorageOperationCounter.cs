using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Outcomes.Storage;

/// <summary>
/// Counts every request the storage clients send (retries included), by method and resource, so
/// that the storage transactions per response — what Azure bills — are measured, not guessed.
/// </summary>
public sealed class StorageOperationCounter : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, int> ByOperation => new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);

    public void Reset() => _counts.Clear();

    public override void OnSendingRequest(HttpMessage message)
    {
        var segments = message.Request.Uri.Path.Trim('/').Split('/');

        // Azurite addresses are path-style: /devstoreaccount1/resource/...
        if (segments[0] == "devstoreaccount1")
        {
            segments = segments[1..];
        }

        var resource = segments.Length == 0 ? "" : segments[0].Split('(')[0];
        var detail = segments.Length > 1 ? "/" + segments[1] : "";
        _counts.AddOrUpdate($"{message.Request.Method} {resource}{detail}", 1, (_, n) => n + 1);
    }
}
