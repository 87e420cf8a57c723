using Microsoft.Azure.Functions.Worker;
using Outcomes.Practice.Email;
using Outcomes.Storage;

namespace Outcomes.Functions;

/// <summary>Sends one risk-alert email (to the therapist or the duty contact): the urgent lane, never behind bulk email.</summary>
public sealed class SendUrgentEmail(EmailDelivery delivery)
{
    [Function(nameof(SendUrgentEmail))]
    public Task Run(
        [QueueTrigger(StorageQueues.UrgentEmail, Connection = StorageClients.QueuesSetting)] string message,
        CancellationToken cancellationToken) =>
        delivery.SendAsync(StorageQueues.Read<EmailRequest>(message), cancellationToken);
}
