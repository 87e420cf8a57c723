using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using Outcomes.Practice.Alerts;

namespace Outcomes.Functions;

/// <summary>Tells the duty contact of risk alerts nobody acknowledged in time (schedule: the EscalationSchedule app setting, every 5 minutes by default).</summary>
public sealed class EscalateRiskAlerts(RiskAlerts alerts, ApiSettings settings, TimeProvider time)
{
    [Function(nameof(EscalateRiskAlerts))]
    public Task Run([TimerTrigger("%EscalationSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        alerts.EscalateDueAsync(time.GetUtcNow(), settings.RequirePublicBaseUrl(), cancellationToken);
}
