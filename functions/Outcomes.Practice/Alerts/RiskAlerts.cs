using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Email;

namespace Outcomes.Practice.Alerts;

/// <summary>A risk alert as its acknowledge page shows it, with times in the therapist's zone.</summary>
public sealed record RiskAlertView(AlertRecord Alert, string DisplayCode, string Role, bool AcknowledgedNow, string TimeZone);

/// <summary>
/// A risk answer's path (clinical.md, "Alerts"): the therapist is emailed at once with a signed
/// acknowledge link; if nobody acknowledges within <see cref="PracticeSettings.EscalateAfter"/>,
/// the duty contact is emailed, once. Each step is recorded on the alert with its time.
/// </summary>
public sealed class RiskAlerts(
    IClientRecords clientRecords, ITherapists therapists,
    ISchedule schedule,
    ClientSummaries summaries,
    EmailDelivery email,
    ILinkKey linkKey,
    PublicLinks links,
    PracticeSettings settings,
    Data.IAuditLog audit,
    TimeProvider time,
    ILogger<RiskAlerts> logger)
{
    public const string Therapist = "therapist";
    public const string DutyContact = "duty contact";

    /// <summary>The alerts queue's handler: emails the therapist and books the escalation. Safe to repeat.</summary>
    public async Task NotifyAsync(AlertRequest request, CancellationToken cancellationToken)
    {
        var file = await clientRecords.ReadClientFileAsync(request.ClientId, cancellationToken);
        var alert = file.Alerts.FirstOrDefault(a => a.Key == request.AlertKey);
        if (alert is null || file.Profile is null)
        {
            logger.LogWarning("No alert {AlertKey} for client {ClientId}; nothing to send", request.AlertKey, request.ClientId);
            return;
        }

        if (alert.Urgency != AlertUrgency.Immediate)
        {
            // Only a risk answer is emailed at once; a warning sign waits for the hourly email.
            logger.LogWarning("Alert {AlertKey} for client {ClientId} is not immediate; not emailed as a risk alert", request.AlertKey, request.ClientId);
            return;
        }

        // Booked before the email: if sending fails for good, the duty contact is still told.
        await schedule.AddAsync(EscalationOf(alert), cancellationToken);
        if (alert.IsAcknowledged)
        {
            return;
        }

        if (request.EscalateNow)
        {
            // The therapist's email failed or was not delivered: the duty contact now, not in four hours.
            await EscalateAsync(EscalationOf(alert), time.GetUtcNow(), cancellationToken, emailFailed: true, problem: request.Problem);
            return;
        }

        var therapist = await therapists.FindTherapistAsync(file.Profile.TherapistId, cancellationToken)
            ?? throw new InvalidOperationException($"Client {alert.ClientId} names therapist {file.Profile.TherapistId}, who is not enrolled.");
        var link = await AcknowledgeLinkAsync(alert, Therapist, cancellationToken);
        await email.QueueAsync(
            new RiskAlertEmailContent(EmailKeys.RiskAlert(alert.ClientId, alert.Key), therapist.Email, alert, file.Profile.DisplayCode, therapist.TimeZone, link, settings.DutyContact is null ? null : alert.RaisedAt + settings.EscalateAfter, settings.ClinicName)
            {
                ClientPageLink = links.PortalClient(alert.ClientId),
            },
            cancellationToken);
        if (alert.EmailedAt is null)
        {
            // A false here means the alert changed meanwhile (acknowledged); the email stands either way.
            await clientRecords.UpdateAlertAsync(alert with { EmailedAt = time.GetUtcNow() }, cancellationToken);
        }

        logger.LogInformation("Risk alert {AlertKey} for client {ClientId} emailed to therapist {TherapistId}", alert.Key, alert.ClientId, therapist.Id);
    }

    /// <summary>The alert behind an acknowledge link; null when the link is forged, expired or names no alert.</summary>
    public async Task<RiskAlertView?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(token, cancellationToken);
        return found is null ? null : new RiskAlertView(found.Value.Alert, found.Value.File.Profile!.DisplayCode, found.Value.Role, AcknowledgedNow: false, await TimeZoneAsync(found.Value.File, cancellationToken));
    }

    /// <summary>Records who acknowledged the alert and when; acknowledging twice keeps the first.</summary>
    /// <summary>The longest note an acknowledgement may carry.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>The note as it is kept (line breaks as spaces, trimmed; empty as none), or the problem with it.</summary>
    public static (string? Note, string? Problem) ReadNote(string? given)
    {
        var note = given?.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Trim();
        return note switch
        {
            null or "" => (null, null),
            { Length: > MaxNoteLength } => (null, $"The note is {note.Length} characters long; it can be at most {MaxNoteLength}."),
            _ when !PlainText.IsPlain(note) => (null, "The note must be plain text, without control or direction-changing characters."),
            _ => (note, null),
        };
    }

    /// <summary>Acknowledges the alert behind the link, with an optional <paramref name="note"/> (as <see cref="ReadNote"/> keeps it); null for a dead link.</summary>
    public async Task<RiskAlertView?> AcknowledgeAsync(string token, CancellationToken cancellationToken, string? note = null)
    {
        return await VerifyAsync(token, cancellationToken) is var (clientId, alertKey, role)
            ? await AcknowledgeAsync(clientId, alertKey, role, $"{role} (acknowledge link)", note, cancellationToken)
            : null;
    }

    /// <summary>
    /// Acknowledges a client's alert as <paramref name="acknowledgedBy"/> (shown: "acknowledged by the …"),
    /// audited as <paramref name="actor"/>; acknowledging twice keeps the first. Null when the client has no such alert.
    /// </summary>
    public async Task<RiskAlertView?> AcknowledgeAsync(string clientId, string alertKey, string acknowledgedBy, string actor, string? note, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var file = await clientRecords.ReadClientFileAsync(clientId, cancellationToken);
            if (file.Profile is null || file.Alerts.FirstOrDefault(a => a.Key == alertKey) is not { } alert)
            {
                return null;
            }

            if (alert.IsAcknowledged)
            {
                return new RiskAlertView(alert, file.Profile.DisplayCode, acknowledgedBy, AcknowledgedNow: false, await TimeZoneAsync(file, cancellationToken));
            }

            var acknowledged = alert with { AcknowledgedAt = time.GetUtcNow(), AcknowledgedBy = acknowledgedBy, AcknowledgementNote = note };
            if (await clientRecords.UpdateAlertAsync(acknowledged, cancellationToken))
            {
                await summaries.RefreshAsync(alert.ClientId, cancellationToken);
                await audit.AppendAsync(
                    new Data.AuditEntry(acknowledged.AcknowledgedAt!.Value, actor, Data.AuditActions.AlertAcknowledged, alert.ClientId, $"risk alert {alert.Key}{(note is null ? "" : ", with a note")}"),
                    cancellationToken);
                logger.LogInformation("Risk alert {AlertKey} for client {ClientId} acknowledged", alert.Key, alert.ClientId);
                return new RiskAlertView(acknowledged, file.Profile.DisplayCode, acknowledgedBy, AcknowledgedNow: true, await TimeZoneAsync(file, cancellationToken));
            }
        }

        throw new InvalidOperationException("The alert kept changing while it was being acknowledged.");
    }

    /// <summary>
    /// Tells the duty contact of every risk alert still unacknowledged when due (the escalation
    /// timer's <see cref="EscalationRun"/>). Returns how many alerts were escalated.
    /// </summary>
    public async Task<int> EscalateDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var escalated = 0;
        var due = await schedule.DueAsync(now, DueList.Escalations, cancellationToken);
        await EachItem.RunAsync(
            due,
            item => $"client {item.ClientId}, alert {item.AlertKey}",
            async item =>
            {
                if (await EscalateAsync(item, now, cancellationToken))
                {
                    escalated++;
                }
            },
            logger,
            "escalation",
            cancellationToken);
        return escalated;
    }

    private DueItem EscalationOf(AlertRecord alert) =>
        new(alert.RaisedAt + settings.EscalateAfter, alert.ClientId, DueKind.Escalation, DateOnly.FromDateTime(alert.RaisedAt.UtcDateTime), AlertKey: alert.Key);

    private async Task<bool> EscalateAsync(DueItem item, DateTimeOffset now, CancellationToken cancellationToken, bool emailFailed = false, string? problem = null)
    {
        var file = await clientRecords.ReadClientFileAsync(item.ClientId, cancellationToken);
        var alert = file.Alerts.FirstOrDefault(a => a.Key == item.AlertKey);
        if (alert is null || file.Profile is null || alert.IsAcknowledged || alert.EscalatedAt is not null)
        {
            await schedule.RemoveAsync(item, cancellationToken);
            return false;
        }

        if (settings.DutyContact is null)
        {
            // Kept in the schedule: it escalates as soon as a duty contact is configured.
            logger.LogError("Risk alert {AlertKey} for client {ClientId} is unacknowledged and no duty contact is configured (Outcomes:DutyContact)", alert.Key, alert.ClientId);
            return false;
        }

        var therapist = await therapists.FindTherapistAsync(file.Profile.TherapistId, cancellationToken)
            ?? throw new InvalidOperationException($"Client {alert.ClientId} names therapist {file.Profile.TherapistId}, who is not enrolled.");
        var link = await AcknowledgeLinkAsync(alert, DutyContact, cancellationToken);
        await email.QueueAsync(new EscalationEmailContent(EmailKeys.Escalation(alert.ClientId, alert.Key), settings.DutyContact, alert, file.Profile.DisplayCode, therapist.Name, therapist.TimeZone, link, settings.EscalateAfter, emailFailed) { Problem = problem }, cancellationToken);
        await clientRecords.UpdateAlertAsync(alert with { EscalatedAt = now }, cancellationToken);
        await schedule.RemoveAsync(item, cancellationToken);
        logger.LogWarning("Risk alert {AlertKey} for client {ClientId} escalated to the duty contact", alert.Key, alert.ClientId);
        return true;
    }

    private async Task<string> AcknowledgeLinkAsync(AlertRecord alert, string role, CancellationToken cancellationToken)
    {
        var token = SignedLink.Create(await linkKey.GetAsync(cancellationToken), SignedLink.Acknowledge, alert.RaisedAt + settings.AcknowledgeLinkLifetime, alert.ClientId, alert.Key, role);
        return links.RiskAlert(token);
    }

    private async Task<string> TimeZoneAsync(ClientFile file, CancellationToken cancellationToken) =>
        (await therapists.FindTherapistAsync(file.Profile!.TherapistId, cancellationToken))?.TimeZone ?? file.Profile.TimeZone;

    /// <summary>What an acknowledge link names, when it is genuine and in date.</summary>
    private async Task<(string ClientId, string AlertKey, string Role)?> VerifyAsync(string token, CancellationToken cancellationToken) =>
        SignedLink.Verify(await linkKey.GetAsync(cancellationToken), token, SignedLink.Acknowledge, time.GetUtcNow()) is [var clientId, var alertKey, var role] && PracticeAdministration.IsId(clientId)
            ? (clientId, alertKey, role)
            : null;

    private async Task<(ClientFile File, AlertRecord Alert, string Role)?> ReadAsync(string token, CancellationToken cancellationToken)
    {
        if (await VerifyAsync(token, cancellationToken) is not var (clientId, alertKey, role))
        {
            return null;
        }

        var file = await clientRecords.ReadClientFileAsync(clientId, cancellationToken);
        var alert = file.Alerts.FirstOrDefault(a => a.Key == alertKey);
        return alert is null || file.Profile is null ? null : (file, alert, role);
    }
}
