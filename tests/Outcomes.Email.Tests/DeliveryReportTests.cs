using System.Text.Json;
using Outcomes.Email;
using Outcomes.Practice.Email;

namespace Outcomes.Email.Tests;

/// <summary>ACS's delivery report as Event Grid writes it to a queue, in the schema Microsoft publishes.</summary>
public class DeliveryReportTests
{
    private static string Event(string status, string? messageId = "3b7a1cf5-08d4-4a3e-9d5c-0e5f2f2c1a11", string type = AcsDeliveryReport.EventType) => $$"""
        {"id":"00d8f6f5-bf9c-4d7f-a8d4-5a3b7c1a1e11","topic":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Communication/CommunicationServices/acs",
         "subject":"sender/DoNotReply@x.azurecomm.net/message/{{messageId}}",
         "data":{"sender":"DoNotReply@x.azurecomm.net","recipient":"dr@clinic.example",{{(messageId is null ? "" : $"\"messageId\":\"{messageId}\",")}}"status":"{{status}}",
                 "deliveryStatusDetails":{"statusMessage":"No error."},"deliveryAttemptTimeStamp":"2026-12-02T10:15:30.1234567Z"},
         "eventType":"{{type}}","dataVersion":"1.0","metadataVersion":"1","eventTime":"2026-12-02T10:15:31Z"}
        """;

    [Theory]
    [InlineData("Delivered", DeliveryStatus.Delivered)]
    [InlineData("Bounced", DeliveryStatus.Bounced)]
    [InlineData("Suppressed", DeliveryStatus.Suppressed)]
    [InlineData("Quarantined", DeliveryStatus.Quarantined)]
    [InlineData("FilteredSpam", DeliveryStatus.FilteredSpam)]
    [InlineData("Expanded", DeliveryStatus.Expanded)]
    [InlineData("Failed", DeliveryStatus.Failed)]
    [InlineData("SomethingNew", DeliveryStatus.Failed)] // any status but Delivered counts as failed
    [InlineData("Unreported", DeliveryStatus.Failed)]   // our own word, never the provider's
    public void Report_NamesTheOperationItsStatusAndWhen(string status, DeliveryStatus expected)
    {
        var report = AcsDeliveryReport.Read(Event(status))!;

        Assert.Equal(Guid.Parse("3b7a1cf5-08d4-4a3e-9d5c-0e5f2f2c1a11"), report.OperationId);
        Assert.Equal(expected, report.Status);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 15, 30, 123, TimeSpan.Zero).AddTicks(4567), report.At);
    }

    [Fact]
    public void OtherEvents_AreNotReports() =>
        Assert.Null(AcsDeliveryReport.Read(Event("Delivered", type: "Microsoft.Communication.EmailEngagementTrackingReportReceived")));

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-guid")]
    public void AReportWithoutAnOperationId_IsRefused(string? messageId) =>
        Assert.Throws<JsonException>(() => AcsDeliveryReport.Read(Event("Bounced", messageId)));

    [Fact]
    public void NotJson_IsRefused() =>
        Assert.ThrowsAny<JsonException>(() => AcsDeliveryReport.Read("Delivered"));
}
