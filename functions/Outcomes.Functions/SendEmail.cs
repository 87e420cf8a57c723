using Microsoft.Azure.Functions.Worker;
using Outcomes.Practice.Email;
using Outcomes.Storage;

namespace Outcomes.Functions;

/// <summary>Sends one bulk outbox email (invitations, reminders, warning signs, digests), paced. A failure is retried by the queue, then by the redrive run.</summary>
public sealed class SendEmail(EmailDelivery delivery)
{
    [Function(nameof(SendEmail))]
    public Task Run(
        [QueueTrigger(StorageQueues.Email, Connection = StorageClients.QueuesSetting)] string message,
        CancellationToken cancellationToken) =>
        delivery.SendAsync(StorageQueues.Read<EmailRequest>(message), cancellationToken);
}
