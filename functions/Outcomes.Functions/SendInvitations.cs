using Microsoft.Azure.Functions.Worker;
using Outcomes.Api;
using Outcomes.Practice;

namespace Outcomes.Functions;

/// <summary>Sends the invitations and reminders that are due (schedule: the InvitationSchedule app setting, hourly by default).</summary>
public sealed class SendInvitations(InvitationRun run, ApiSettings settings, TimeProvider time)
{
    [Function(nameof(SendInvitations))]
    public Task Run([TimerTrigger("%InvitationSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        run.RunAsync(time.GetUtcNow(), settings.RequirePublicBaseUrl(), cancellationToken);
}
