using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using Outcomes.Practice.Alerts;

namespace Outcomes.Functions;

/// <summary>One email per therapist with the warning signs not yet sent (schedule: the WarningSignSchedule app setting, hourly by default).</summary>
public sealed class SendWarningSigns(WarningSignRun run, ApiSettings settings, TimeProvider time)
{
    [Function(nameof(SendWarningSigns))]
    public Task Run([TimerTrigger("%WarningSignSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        run.RunAsync(time.GetUtcNow(), settings.RequirePublicBaseUrl(), cancellationToken);
}
