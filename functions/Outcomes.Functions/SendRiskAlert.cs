using Microsoft.Azure.Functions.Worker;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Storage;

namespace Outcomes.Functions;

/// <summary>Emails the therapist a risk alert as soon as scoring raises it, and books its escalation. Idempotent.</summary>
public sealed class SendRiskAlert(RiskAlerts alerts)
{
    [Function(nameof(SendRiskAlert))]
    public Task Run(
        [QueueTrigger(StorageQueues.Alerts, Connection = StorageClients.QueuesSetting)] string message,
        CancellationToken cancellationToken) =>
        alerts.NotifyAsync(StorageQueues.Read<AlertRequest>(message), cancellationToken);
}
