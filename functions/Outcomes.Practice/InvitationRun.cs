using Microsoft.Extensions.Logging;
using Outcomes.Practice.Email;

namespace Outcomes.Practice;

/// <summary>
/// The invitation timer's one service call: sends every invitation and reminder that is due.
/// Safe to repeat and safe to run late: each email has a key the outbox keeps once, and the next
/// invitation is scheduled for the client's next cycle, never for one already past.
/// </summary>
public sealed class InvitationRun(
    ISchedule schedule,
    IClientRecords clientRecords,
    IOutbox outbox,
    PracticeAdministration administration,
    EmailDelivery email,
    Alerts.ILinkKey linkKey,
    PracticeSettings settings,
    PublicLinks links,
    ILogger<InvitationRun> logger)
{
    /// <summary>Sends what is due at <paramref name="now"/>. Returns how many items were handled.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await schedule.DueAsync(now, DueList.Invitations, cancellationToken);
        await EachItem.RunAsync(
            due,
            item => $"client {item.ClientId}, {item.Kind} for {item.Cycle:yyyy-MM-dd}",
            async item =>
            {
                var client = await clientRecords.FindClientAsync(item.ClientId, cancellationToken);
                if (client is { Status: ClientStatus.Paused } && item.Kind == DueKind.Invitation)
                {
                    // Nothing now; the next cycle stays booked so that resuming needs no action.
                    await ScheduleNextAsync(item, client, now, cancellationToken);
                }
                else if (client is { Status: ClientStatus.Active })
                {
                    await (item.Kind == DueKind.Invitation
                        ? InviteAsync(item, client, now, cancellationToken)
                        : RemindAsync(item, client, now, cancellationToken));
                }

                await schedule.RemoveAsync(item, cancellationToken);
            },
            logger,
            "invitation",
            cancellationToken);

        if (due.Count > 0)
        {
            logger.LogInformation("Invitation run at {Now}: {Count} due items handled", now, due.Count);
        }

        return due.Count;
    }

    /// <summary>Schedules a new client's first invitation: today's sending hour in their zone if still ahead, else tomorrow's.</summary>
    public static DueItem FirstInvitation(ClientProfile client, DateTimeOffset now, PracticeSettings settings)
    {
        var today = PracticeSettings.LocalDate(now, client.TimeZone);
        var cycle = settings.SendingTime(today, client.TimeZone) > now ? today : today.AddDays(1);
        return new DueItem(settings.SendingTime(cycle, client.TimeZone), client.Id, DueKind.Invitation, cycle);
    }

    private async Task InviteAsync(DueItem item, ClientProfile client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await outbox.FindAsync(EmailKeys.Invitation(client.Id, item.Cycle), cancellationToken) is null)
        {
            var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
            var (token, invitation) = await administration.IssueInvitationAsync(client.Id, actor: null, cancellationToken, QuestionnaireToken.Derive(await linkKey.GetAsync(cancellationToken), client.Id, salt));
            var link = links.Questionnaire(token);
            await email.QueueAsync(new InvitationEmailContent(EmailKeys.Invitation(client.Id, item.Cycle), client.Email, client.Id, settings.ClinicName, link, invitation.ExpiresAt, IsReminder: false), cancellationToken);
            await schedule.AddAsync(new DueItem(now + settings.ReminderAfter, client.Id, DueKind.Reminder, item.Cycle, Convert.ToBase64String(salt), invitation.TokenHash), cancellationToken);
            logger.LogInformation("Invited client {ClientId} for {Cycle}", client.Id, item.Cycle);
        }

        await ScheduleNextAsync(item, client, now, cancellationToken);
    }

    /// <summary>The next cycle; after a late run, not one already past.</summary>
    private async Task ScheduleNextAsync(DueItem item, ClientProfile client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = item.Cycle.AddDays(client.CadenceDays);
        while (settings.SendingTime(next, client.TimeZone) <= now)
        {
            next = next.AddDays(client.CadenceDays);
        }

        await schedule.AddAsync(new DueItem(settings.SendingTime(next, client.TimeZone), client.Id, DueKind.Invitation, next), cancellationToken);
    }

    private async Task RemindAsync(DueItem item, ClientProfile client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var invitation = item.TokenHash is null ? null : await clientRecords.FindInvitationAsync(client.Id, item.TokenHash, cancellationToken);
        if (invitation is { IsUsed: false } && !invitation.IsExpired(now) && item.LinkSalt is not null)
        {
            // The link made again from its salt; a changed key (rotated) makes another link, which is not sent.
            var (token, hash) = QuestionnaireToken.Derive(await linkKey.GetAsync(cancellationToken), client.Id, Convert.FromBase64String(item.LinkSalt));
            if (hash != invitation.TokenHash)
            {
                logger.LogWarning("The reminder for client {ClientId} cannot remake its link (the link key changed); not sent", client.Id);
                return;
            }

            await email.QueueAsync(new InvitationEmailContent(EmailKeys.Reminder(client.Id, item.Cycle), client.Email, client.Id, settings.ClinicName, links.Questionnaire(token), invitation.ExpiresAt, IsReminder: true), cancellationToken);
            logger.LogInformation("Reminded client {ClientId} for {Cycle}", client.Id, item.Cycle);
        }
    }
}
