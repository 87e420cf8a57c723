using Outcomes.Practice.Email;

namespace Outcomes.Practice.Alerts;

/// <summary>
/// The escalation timer's run: risk alerts still unacknowledged when due go to the duty contact
/// (<see cref="RiskAlerts.EscalateDueAsync"/>), and — where the provider reports delivery — emails not
/// reported delivered in time are followed up (<see cref="EmailDelivery.CheckDeliveriesAsync"/>, whose
/// failures reach the alert side as messages on the alerts queue, never as calls).
/// </summary>
public sealed class EscalationRun(RiskAlerts alerts, EmailDelivery email)
{
    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Each check runs whatever became of the other: a failing delivery check never holds up the four-hour escalations, nor the reverse.
        try
        {
            await alerts.EscalateDueAsync(now, cancellationToken);
        }
        finally
        {
            await email.CheckDeliveriesAsync(now, cancellationToken);
        }
    }
}
