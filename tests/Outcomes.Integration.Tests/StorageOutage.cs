using Azure.Core;
using Azure.Core.Pipeline;

namespace Outcomes.Integration.Tests;

/// <summary>Makes chosen storage requests fail as an unreachable service does (an I/O error), while switched on.</summary>
internal sealed class StorageOutage : HttpPipelinePolicy
{
    public Func<HttpMessage, bool>? FailWhen { get; set; }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfDown(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfDown(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void ThrowIfDown(HttpMessage message)
    {
        if (FailWhen?.Invoke(message) == true)
        {
            throw new IOException("Injected storage outage: connection refused.");
        }
    }
}
