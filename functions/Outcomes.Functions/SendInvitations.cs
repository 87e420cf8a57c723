using Microsoft.Azure.Functions.Worker;
using Outcomes.Practice;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Sends every invitation and reminder that is due (schedule: the InvitationSchedule app setting, hourly by default).</summary>
public sealed class SendInvitations(InvitationRun run, TimeProvider time)
{
    [Function(nameof(SendInvitations))]
    public Task Run([TimerTrigger("%" + Schedules.Invitations + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        run.RunAsync(time.GetUtcNow(), cancellationToken);
}
