using Microsoft.Extensions.Logging;
using Outcomes.Practice;

namespace Outcomes.Practice.Email;

/// <summary>
/// Every email goes through here: written to the outbox first (its key makes a second attempt a
/// no-op), then sent by a queue handler on one of two lanes: risk alerts and their escalations on
/// the urgent lane, at once; everything else on the bulk lane, paced to the provider's rate. A
/// throttled or briefly failing provider defers the email to its Retry-After without spending a
/// retry; a refused address fails at once with the reason; anything else is retried by the queue
/// and then by <see cref="RedriveAsync"/> for a day.
/// </summary>
public sealed class EmailDelivery(IOutbox outbox, IWorkQueues queue, IEmailSender sender, IEmailComposer composer, EmailPacing pacing, DeliveryWatch watch, TimeProvider time, ILogger<EmailDelivery> logger)
{
    /// <summary>How long a sender holds an email while handing it to the provider; a sender that dies holding it is replaced after this.</summary>
    public static readonly TimeSpan SendingClaim = TimeSpan.FromMinutes(2);

    /// <summary>How long an unsent email is tried again before it is left Failed for good (and monitoring tells someone).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    /// <summary>Failed attempts of a risk alert's email after which the duty contact is told at once (about half a minute of failing).</summary>
    public const int UrgentAttemptsBeforeEscalation = 3;

    /// <summary>A queued request not seen this long after it was due was lost (a crash between the outbox and the queue).</summary>
    public static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(10);

    /// <summary>Writes the email's words and queues it (see <see cref="QueueAsync(EmailMessage, CancellationToken)"/>).</summary>
    public async Task QueueAsync(EmailContent content, CancellationToken cancellationToken) =>
        await QueueAsync(await composer.ComposeAsync(content, cancellationToken) with { Urgent = content.Urgent, Names = content.Names, AnsweredAt = content.AnsweredAt, RiskAlert = content.RiskAlert }, cancellationToken);

    /// <summary>Puts an email in the outbox and asks for it to be sent; nothing happens for a key already sent.</summary>
    public async Task QueueAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        if (!await outbox.AddAsync(message, time.GetUtcNow(), cancellationToken))
        {
            var existing = await outbox.FindAsync(message.Key, cancellationToken);
            if (existing?.Status == EmailStatus.Sent)
            {
                logger.LogInformation("Email {EmailKey} was already sent; not again", message.Key);
                return;
            }
        }

        // Queued again when still unsent: the earlier request may have been lost; sending is idempotent.
        await RequestAsync(message.Key, message.Urgent, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>An email queue's handler (either lane). Throws only for a failure the queue should retry.</summary>
    public async Task SendAsync(EmailRequest request, CancellationToken cancellationToken)
    {
        var entry = await outbox.FindAsync(request.Key, cancellationToken);
        if (entry is null)
        {
            logger.LogWarning("No outbox email {EmailKey}; nothing to send", request.Key);
            return;
        }

        var now = time.GetUtcNow();
        if (entry.Status == EmailStatus.Sent || entry.Permanent)
        {
            logger.LogInformation("Email {EmailKey} already sent or refused for good", request.Key);
            return;
        }

        if (entry.Delivery == DeliveryStatus.Delivered)
        {
            // Handed over before, and its answer lost; the provider has since reported it delivered.
            await outbox.MarkSentAsync(request.Key, now, entry.ProviderId, cancellationToken);
            return;
        }

        // One sender at a time: a second delivery of the request (or a redrive) waits for the first.
        if (entry.SendingUntil > now || !await outbox.ClaimAsync(entry, now + SendingClaim, cancellationToken))
        {
            logger.LogDebug("Email {EmailKey} is being sent by another handler; looking again later", request.Key);
            await RequestAsync(request.Key, entry.Message.Urgent, (entry.SendingUntil > now ? entry.SendingUntil.Value : now) + TimeSpan.FromSeconds(5), cancellationToken);
            return;
        }

        if (watch.Enabled)
        {
            await outbox.WatchDeliveryAsync(request.Key, entry.Message.Urgent, now, cancellationToken);
        }

        string? providerId;
        try
        {
            providerId = await sender.SendAsync(entry.Message with { CreatedAt = entry.CreatedAt }, cancellationToken);
        }
        catch (EmailDeferredException ex) when (now - entry.CreatedAt < GiveUpAfter)
        {
            var retryAt = time.GetUtcNow() + ex.RetryAfter;
            await outbox.MarkDeferredAsync(request.Key, ex.Message, retryAt, cancellationToken);
            PracticeTelemetry.Email(entry.Message.Urgent, "deferred");
            logger.LogWarning("Email {EmailKey} deferred by the provider until {RetryAt}: {Reason}", request.Key, retryAt, ex.Message);
            await RequestAsync(request.Key, entry.Message.Urgent, retryAt, cancellationToken);
            return;
        }
        catch (Exception ex) when (ex is EmailRejectedException or EmailDeferredException)
        {
            await outbox.MarkFailedAsync(request.Key, entry.Attempts + 1, Reason(ex), cancellationToken, permanent: true);
            PracticeTelemetry.Email(entry.Message.Urgent, "refused");
            logger.LogError("Email {EmailKey} failed for good: {Reason}", request.Key, Reason(ex));
            if (watch.Enabled)
            {
                await outbox.ForgetDeliveryAsync(request.Key, cancellationToken);
            }

            await FollowUpFailureAsync(request.Key, entry.Message.RiskAlert, "the email provider refused it", cancellationToken);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attempts = entry.Attempts + 1;
            await outbox.MarkFailedAsync(request.Key, attempts, Reason(ex), cancellationToken, nextAttemptAt: time.GetUtcNow() + Backoff(attempts));
            PracticeTelemetry.Email(entry.Message.Urgent, "failed");
            logger.LogWarning(ex, "Sending email {EmailKey} failed (attempt {Attempt})", request.Key, attempts);
            if (entry.Message.Urgent && attempts == UrgentAttemptsBeforeEscalation)
            {
                // A risk alert must not wait for the queue's retries: the duty contact is told now.
                await FollowUpFailureAsync(request.Key, entry.Message.RiskAlert, "sending it failed three times", cancellationToken);
            }

            throw;
        }

        await outbox.MarkSentAsync(request.Key, time.GetUtcNow(), providerId, cancellationToken);
        PracticeTelemetry.Email(entry.Message.Urgent, "sent");
        if (entry.Message.AnsweredAt is { } answeredAt)
        {
            PracticeTelemetry.AnswerToRiskEmail.Record((time.GetUtcNow() - answeredAt).TotalSeconds);
        }

        if (entry.Message.Urgent)
        {
            // Monitoring alerts on this (infra: risk-alert-email-late) when it passes five minutes.
            logger.LogInformation("Risk alert email {EmailKey} accepted by the provider {DelaySeconds} s after it was queued", request.Key, Math.Round((time.GetUtcNow() - entry.CreatedAt).TotalSeconds, 1));
        }
        else
        {
            logger.LogInformation("Sent email {EmailKey}", request.Key);
        }
    }

    /// <summary>
    /// The redrive timer's call: every unsent email whose request was lost, or whose failure is due
    /// for another try (backing off: 1, 2, 4 … minutes, at most an hour), is asked for again, for a
    /// day; then it is left Failed for monitoring to report. Returns how many were asked for again.
    /// </summary>
    public async Task<int> RedriveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var redriven = 0;
        var unsent = await outbox.ListUnsentAsync(cancellationToken);
        await EachItem.RunAsync(
            unsent,
            email => $"email {email.Key}",
            async email =>
            {
                var entry = await outbox.FindAsync(email.Key, cancellationToken);
                if (entry is null || entry.Status == EmailStatus.Sent || entry.Permanent || now - entry.CreatedAt >= GiveUpAfter)
                {
                    if (entry is { Status: not EmailStatus.Sent })
                    {
                        logger.LogError("Email {EmailKey} was not sent within {Hours} hours; giving up: {Reason}", email.Key, GiveUpAfter.TotalHours, entry.LastError);
                    }

                    await outbox.ForgetUnsentAsync(email.Key, cancellationToken);
                    return;
                }

                var due = entry.NextAttemptAt ?? entry.CreatedAt;
                var lost = entry.Status == EmailStatus.Pending && now - due >= LostAfter;
                if ((entry.Status == EmailStatus.Failed && due <= now) || lost)
                {
                    await RequestAsync(email.Key, email.Urgent, now, cancellationToken);
                    redriven++;
                }
            },
            logger,
            "email redrive",
            cancellationToken);
        if (redriven > 0)
        {
            logger.LogWarning("Email redrive at {Now}: {Count} emails asked for again", now, redriven);
        }

        return redriven;
    }

    /// <summary>Queues the email's request on its lane: urgent at once; bulk in the next paced slot.</summary>
    private async Task RequestAsync(string key, bool urgent, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var visibleAt = !urgent && pacing.Interval is { } interval
            ? await outbox.TakeSlotAsync(notBefore > now ? notBefore : now, interval, cancellationToken)
            : notBefore > now ? notBefore : now;
        await outbox.NoteRequestedAsync(key, visibleAt, cancellationToken);
        await queue.RequestEmailAsync(new EmailRequest(key), urgent, cancellationToken, visibleAt > now ? visibleAt - now : null);
    }

    /// <summary>
    /// The delivery-reports queue's handler: records what the provider says became of an email. A
    /// risk alert's email reported anything but delivered goes to the duty contact at once; its
    /// escalation not delivered is logged as an error, which monitoring sends to the duty contact by
    /// Azure Monitor's own mail. Safe to repeat and in any order.
    /// </summary>
    public async Task RecordReportAsync(EmailDeliveryReport report, CancellationToken cancellationToken)
    {
        if (report.Status == DeliveryStatus.Expanded)
        {
            return;
        }

        // The range query that finds the email brings what acting on the report needs: no second read of it.
        var email = await outbox.FindByOperationAsync(report.OperationId, cancellationToken);
        if (email is null)
        {
            logger.LogWarning("A delivery report ({Status}) names operation {OperationId}, which is no email of this outbox", report.Status, report.OperationId);
            return;
        }

        await outbox.RecordDeliveryAsync(email.Key, report.Status, report.At, cancellationToken);
        PracticeTelemetry.Email(email.Urgent, report.Status == DeliveryStatus.Delivered ? "delivered" : "not delivered");
        if (report.Status == DeliveryStatus.Delivered)
        {
            if (email.Urgent)
            {
                // Monitoring alerts on this (infra: risk-alert-email-late) when it passes five minutes.
                logger.LogInformation("Risk alert email {EmailKey} delivered {DelaySeconds} s after it was queued", email.Key, Math.Round((report.At - email.CreatedAt).TotalSeconds, 1));
            }

            return;
        }

        await NotDeliveredAsync(email.Key, email.Urgent, email.RiskAlert, Describe(report.Status), cancellationToken);
    }

    /// <summary>
    /// The escalation timer's call: a watched email whose report has not come in time is recorded
    /// as unreported (a risk alert's email after 10 minutes, then the duty contact is told); one never
    /// handed over stops being watched. Returns how many were found unreported.
    /// </summary>
    public async Task<int> CheckDeliveriesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!watch.Enabled)
        {
            return 0;
        }

        var unreported = 0;
        var awaited = (await outbox.ListWatchedDeliveriesAsync(cancellationToken)).Where(w => w.Status is null && now - w.WatchedFrom >= DeliveryWatch.Within(w.Urgent)).ToList();
        await EachItem.RunAsync(
            awaited,
            delivery => $"email {delivery.Key}",
            async delivery =>
            {
                var entry = await outbox.FindAsync(delivery.Key, cancellationToken);
                if (entry is null || entry.Permanent || (entry.Status != EmailStatus.Sent && now - entry.CreatedAt >= GiveUpAfter))
                {
                    await outbox.ForgetDeliveryAsync(delivery.Key, cancellationToken);
                    return;
                }

                if (entry.Status != EmailStatus.Sent || now - (entry.SentAt ?? now) < DeliveryWatch.Within(delivery.Urgent))
                {
                    return; // still being sent, or sent too recently: its failures are followed up where it is sent
                }

                await outbox.RecordDeliveryAsync(delivery.Key, DeliveryStatus.Unreported, now, cancellationToken);
                unreported++;
                await NotDeliveredAsync(delivery.Key, delivery.Urgent, entry.Message.RiskAlert, delivery.Urgent ? "no delivery report within 10 minutes" : "no delivery report within a day", cancellationToken);
            },
            logger,
            "delivery check",
            cancellationToken);
        return unreported;
    }

    private async Task NotDeliveredAsync(string key, bool urgent, AlertReference? riskAlert, string problem, CancellationToken cancellationToken)
    {
        if (urgent)
        {
            logger.LogError("Risk alert email {EmailKey} was not delivered: {Problem}", key, problem);
        }
        else
        {
            logger.LogWarning("Email {EmailKey} was not delivered: {Problem}", key, problem);
        }

        await FollowUpFailureAsync(key, riskAlert, problem, cancellationToken);
    }

    private static string Describe(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Bounced => "the recipient's mail server refused it (bounced)",
        DeliveryStatus.Suppressed => "the address is on the provider's suppression list after earlier bounces (suppressed)",
        DeliveryStatus.Quarantined => "the recipient's mail system quarantined it",
        DeliveryStatus.FilteredSpam => "the recipient's mail system filtered it as spam",
        _ => "the email provider could not deliver it",
    };

    /// <summary>
    /// A risk alert's email to the therapist that failed or was not delivered: an event for the alert
    /// side (a message on the alerts queue), which tells the duty contact now.
    /// </summary>
    private async Task FollowUpFailureAsync(string key, AlertReference? riskAlert, string problem, CancellationToken cancellationToken)
    {
        if (riskAlert is not null)
        {
            logger.LogError("The risk alert email {EmailKey} did not reach the therapist; escalating to the duty contact now", key);
            await queue.RequestAlertAsync(new AlertRequest(riskAlert.ClientId, riskAlert.AlertKey, EscalateNow: true, Problem: problem), cancellationToken);
        }
    }

    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Min(attempts - 1, 6))));

    private static string Reason(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";
}
