using Microsoft.Azure.Functions.Worker;
using Outcomes.Practice.Alerts;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Sends each risk alert nobody acknowledged in time to the duty contact (schedule: the EscalationSchedule app setting, every 5 minutes by default).</summary>
public sealed class EscalateRiskAlerts(RiskAlerts alerts, TimeProvider time)
{
    [Function(nameof(EscalateRiskAlerts))]
    public Task Run([TimerTrigger("%" + Schedules.Escalations + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        alerts.EscalateDueAsync(time.GetUtcNow(), cancellationToken);
}
