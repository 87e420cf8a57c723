using Microsoft.Azure.Functions.Worker;
using Outcomes.Core.Email;
using Outcomes.Storage;

namespace Outcomes.Functions;

/// <summary>Sends one outbox email. A failure is retried by the queue, then left in email-poison with the outbox row saying why.</summary>
public sealed class SendEmail(EmailDelivery delivery)
{
    [Function(nameof(SendEmail))]
    public Task Run(
        [QueueTrigger(StorageQueues.Email, Connection = StorageClients.QueuesSetting)] string message,
        CancellationToken cancellationToken) =>
        delivery.SendAsync(StorageQueues.Read<EmailRequest>(message), cancellationToken);
}
