using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Instruments;
using Outcomes.Practice.Email;

namespace Outcomes.Practice;

/// <summary>
/// The client's short email when a check-in reaches a milestone worth one (reliable improvement,
/// recovery, a confirmed sudden gain) and their therapist chose "shown, and milestones emailed": on
/// the bulk lane, through the outbox under one key per check-in, so never twice; never for a client
/// paused or discharged; never after a check-in with a risk answer (a cheerful email is not what
/// that moment needs; the therapist is calling); never without a progress link that still works.
/// </summary>
public sealed class MilestoneEmails(EmailDelivery email, ProgressPages pages, InstrumentCatalog instruments, PracticeSettings settings, ILogger<MilestoneEmails> logger)
{
    /// <summary>After <paramref name="responseId"/> is scored: safe to repeat (the outbox keeps one email per key).</summary>
    public async Task QueueAsync(ClientFile file, string responseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (file.Profile is not { Status: ClientStatus.Active } client || settings.SharingOf(client) != ProgressSharing.ShownWithEmails
            || file.Responses.FirstOrDefault(r => r.ResponseId == responseId) is not { } response
            || file.Invitations.FirstOrDefault(i => i.ResponseId == responseId) is not { RiskAnswer: false } link)
        {
            return;
        }

        // Milestones are found where they were first reached: those of this check-in are new with it, whenever it is scored.
        var reached = ClientProgressView.MilestonesOf(file, instruments, settings, response.SubmittedAt)
            .Where(m => m.At == response.SubmittedAt && m.IsEmailed)
            .ToList();
        if (reached.Count == 0 || ProgressPages.Until(link) <= now)
        {
            return;
        }

        await email.QueueAsync(
            new MilestoneEmailContent(
                EmailKeys.Milestone(client.Id, responseId),
                client.Email,
                client.Id,
                settings.ClinicName,
                reached.Select(ClientWords.Title).Distinct().ToList(),
                await pages.LinkAsync(link, cancellationToken),
                ProgressPages.Until(link)),
            cancellationToken);
        logger.LogInformation("Milestone email queued for client {ClientId} ({Count} milestones)", client.Id, reached.Count);
    }
}
