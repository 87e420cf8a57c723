using Microsoft.Azure.Functions.Worker;
using Outcomes.Practice.Data;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Erases clients discharged longer ago than Outcomes:RetainDischargedForDays (schedule: the RetentionSchedule app setting, daily at 03:30 UTC by default).</summary>
public sealed class EraseDischargedClients(ClientErasure erasure, TimeProvider time)
{
    [Function(nameof(EraseDischargedClients))]
    public Task Run([TimerTrigger("%" + Schedules.Retention + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        erasure.EraseDischargedAsync(time.GetUtcNow(), cancellationToken);
}
