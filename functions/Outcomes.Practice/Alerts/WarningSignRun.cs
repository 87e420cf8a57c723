using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;

namespace Outcomes.Practice.Alerts;

/// <summary>
/// The hourly warning-sign run (clinical.md, "Alerts"): one email per therapist with every warning
/// sign not yet sent. A run first claims its email in the therapist's caseload (on the claim's
/// version as read, so a run with a stale view loses), then puts it in the outbox, then marks its
/// warnings sent; a run that stops half-way is finished by the next one, so nothing is lost and
/// nothing is sent twice.
/// </summary>
public sealed class WarningSignRun(ICaseloads caseloads, ITherapists therapists, EmailDelivery email, PublicLinks links, PracticeSettings settings, ILogger<WarningSignRun> logger)
{
    /// <summary>Returns how many warning emails were sent.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sent = 0;
        await EachItem.RunAsync(
            await therapists.ListTherapistsAsync(cancellationToken),
            therapist => $"therapist {therapist.Id}",
            async therapist => sent += await RunAsync(therapist, now, cancellationToken),
            logger,
            "warning-sign",
            cancellationToken);
        return sent;
    }

    private async Task<int> RunAsync(Therapist therapist, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sent = 0;
        var caseload = await caseloads.ReadCaseloadAsync(therapist.Id, cancellationToken);
        if (caseload.Pending is not null)
        {
            // An earlier run claimed an email and stopped before finishing: finish it first.
            await SendAsync(therapist, caseload, caseload.Pending, cancellationToken);
            sent++;
            caseload = await caseloads.ReadCaseloadAsync(therapist.Id, cancellationToken);
        }

        var fresh = caseload.Clients
            .SelectMany(c => c.Alerts
                .Where(a => !c.WarningsSent.Contains(a.Key) && (a.Urgency == AlertUrgency.BatchedWarning || IsNewProgress(therapist, a, now)))
                .Select(a => new WarningRef(c.ClientId, a.Key)))
            .ToList();
        if (fresh.Count == 0 || caseload.Pending is not null)
        {
            return sent;
        }

        var pending = new PendingWarnings(EmailKeys.WarningSigns(therapist.Id, now), now, fresh);
        if (!await caseloads.ClaimWarningEmailAsync(caseload, pending, cancellationToken))
        {
            logger.LogInformation("Warning email for therapist {TherapistId} claimed by another run", therapist.Id);
            return sent;
        }

        await SendAsync(therapist, caseload, pending, cancellationToken);
        return sent + 1;
    }

    /// <summary>
    /// Progress (good news) goes in the hourly email when the therapist wants it there, once, and only
    /// while it is new: an alert raised before the last two days — older than any run could be late —
    /// is left to the weekly digest rather than sent as news.
    /// </summary>
    private static bool IsNewProgress(Therapist therapist, AlertRecord alert, DateTimeOffset now) =>
        therapist.ProgressEmails == ProgressEmails.Hourly
        && alert.Urgency == AlertUrgency.GoodNews
        && alert.RaisedAt >= now - NewProgressWindow;

    /// <summary>How long crossed progress counts as news for the hourly email.</summary>
    public static readonly TimeSpan NewProgressWindow = TimeSpan.FromDays(2);

    private async Task SendAsync(Therapist therapist, Caseload caseload, PendingWarnings pending, CancellationToken cancellationToken)
    {
        var clients = caseload.Clients.ToDictionary(c => c.ClientId);
        var items = pending.Warnings
            .Select(w => clients.TryGetValue(w.ClientId, out var c) && c.Alerts.FirstOrDefault(a => a.Key == w.AlertKey) is { } alert ? (c.DisplayCode, alert) : default)
            .Where(w => w.alert is not null)
            .ToList();
        var warnings = items.Where(w => w.alert.Urgency != AlertUrgency.GoodNews).ToList();
        var goodNews = items.Where(w => w.alert.Urgency == AlertUrgency.GoodNews).ToList();
        if (items.Count > 0)
        {
            await email.QueueAsync(new WarningSignEmailContent(pending.EmailKey, therapist.Email, therapist.TimeZone, warnings, links.Portal, settings.ClinicName, goodNews), cancellationToken);
        }

        await caseloads.CompleteWarningEmailAsync(caseload, pending, cancellationToken);
        logger.LogInformation(
            "Hourly email {EmailKey} for therapist {TherapistId}: {Count} warning signs, {GoodNews} good news",
            pending.EmailKey, therapist.Id, warnings.Count, goodNews.Count);
    }
}
