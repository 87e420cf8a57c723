using Microsoft.Azure.Functions.Worker;
using Outcomes.Practice.Digests;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Sends each therapist's weekly digest once their weekday and hour have come (schedule: the DigestSchedule app setting, hourly at :10 by default).</summary>
public sealed class SendDigests(DigestRun run, TimeProvider time)
{
    [Function(nameof(SendDigests))]
    public Task Run([TimerTrigger("%" + Schedules.Digests + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        run.RunAsync(time.GetUtcNow(), cancellationToken);
}
