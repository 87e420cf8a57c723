using Microsoft.Azure.Functions.Worker;
using Outcomes.Email;
using Outcomes.Practice.Email;
using Outcomes.Storage;

namespace Outcomes.Functions;

/// <summary>Records each delivery report Azure Communication Services sends through Event Grid; a risk alert's email not delivered goes to the duty contact.</summary>
public sealed class RecordEmailDelivery(EmailDelivery delivery)
{
    [Function(nameof(RecordEmailDelivery))]
    public Task Run(
        [QueueTrigger(StorageQueues.EmailReports, Connection = StorageClients.QueuesSetting)] string message,
        CancellationToken cancellationToken) =>
        AcsDeliveryReport.Read(message) is { } report ? delivery.RecordReportAsync(report, cancellationToken) : Task.CompletedTask;
}
