using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using Outcomes.Practice.Digests;

namespace Outcomes.Functions;

/// <summary>Sends each therapist's weekly digest once their weekday and hour have come (schedule: the DigestSchedule app setting, hourly by default).</summary>
public sealed class SendDigests(DigestRun run, ApiSettings settings, TimeProvider time)
{
    [Function(nameof(SendDigests))]
    public Task Run([TimerTrigger("%DigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        run.RunAsync(time.GetUtcNow(), settings.RequirePublicBaseUrl(), cancellationToken);
}
