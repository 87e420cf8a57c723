using Microsoft.Extensions.Logging;
using Outcomes.Core.Practice;

namespace Outcomes.Core.Email;

/// <summary>
/// Every email goes through here: written to the outbox first (its key makes a second attempt a
/// no-op), then sent by the email queue's handler, which the queue retries; after the last retry
/// the message sits in the poison queue and the outbox row says why.
/// </summary>
public sealed class EmailDelivery(IOutbox outbox, IWorkQueues queue, IEmailSender sender, TimeProvider time, ILogger<EmailDelivery> logger)
{
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
        await queue.RequestEmailAsync(new EmailRequest(message.Key), cancellationToken);
    }

    /// <summary>The email queue's handler. Throws when the provider fails, so that the queue retries.</summary>
    public async Task SendAsync(EmailRequest request, CancellationToken cancellationToken)
    {
        var entry = await outbox.FindAsync(request.Key, cancellationToken);
        if (entry is null)
        {
            logger.LogWarning("No outbox email {EmailKey}; nothing to send", request.Key);
            return;
        }

        if (entry.Status == EmailStatus.Sent)
        {
            logger.LogInformation("Email {EmailKey} already sent", request.Key);
            return;
        }

        string? providerId;
        try
        {
            providerId = await sender.SendAsync(entry.Message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await outbox.MarkFailedAsync(request.Key, entry.Attempts + 1, $"{ex.GetType().Name}: {ex.Message}", cancellationToken);
            logger.LogWarning(ex, "Sending email {EmailKey} failed (attempt {Attempt})", request.Key, entry.Attempts + 1);
            throw;
        }

        await outbox.MarkSentAsync(request.Key, time.GetUtcNow(), providerId, cancellationToken);
        logger.LogInformation("Sent email {EmailKey}", request.Key);
    }
}
