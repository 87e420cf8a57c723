using Microsoft.Azure.Functions.Worker;
using Outcomes.Practice.Alerts;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Sends each therapist one email with the warning signs not yet sent (schedule: the WarningSignSchedule app setting, hourly at :05 by default).</summary>
public sealed class SendWarningSigns(WarningSignRun run, TimeProvider time)
{
    [Function(nameof(SendWarningSigns))]
    public Task Run([TimerTrigger("%" + Schedules.WarningSigns + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        run.RunAsync(time.GetUtcNow(), cancellationToken);
}
