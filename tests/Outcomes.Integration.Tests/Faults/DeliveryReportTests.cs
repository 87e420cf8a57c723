using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Email;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests.Faults;

/// <summary>
/// Delivery known, not assumed: email through the stand-in ACS, and Azure Communication Services'
/// delivery reports put on the <c>email-reports</c> queue as Event Grid puts them (the Event Grid
/// schema, base64), as real event shapes from Microsoft's schema.
/// </summary>
public sealed class DeliveryReportTests : IAsyncLifetime
{
    private ThrottlingAcs _acs = null!;
    private FaultPractice _practice = null!;

    public async Task InitializeAsync()
    {
        _acs = await ThrottlingAcs.StartAsync(TimeSpan.FromMilliseconds(10));
        _practice = await FaultPractice.StartAsync(
            "--Outcomes:Email:Sender=Acs", $"--Outcomes:Email:Endpoint={_acs.Url}", $"--Outcomes:Email:AccessKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            "--Outcomes:Email:From=DoNotReply@clinic.example", "--Outcomes:Email:DeliveryReports=true", "--Outcomes:Email:AzureManagedDomain=true");
    }

    public async Task DisposeAsync()
    {
        await _practice.DisposeAsync();
        await _acs.DisposeAsync();
    }

    /// <summary>A risk answer, and the therapist's risk alert email accepted by the provider; its operation id.</summary>
    private async Task<(string Client, string OperationId)> RiskAlertSentAsync(string code)
    {
        var therapist = await _practice.EnrolTherapistAsync($"dr-{code.ToLowerInvariant()}@clinic.example");
        var client = await _practice.EnrolClientAsync(therapist, code);
        var token = await _practice.InviteAsync(client);
        Assert.Equal(HttpStatusCode.Accepted, (await _practice.Http.PostAsJsonAsync($"/api/q/{token}", FaultPractice.Answers(14, 2))).StatusCode);
        await _practice.WaitUntilAsync(() => Task.FromResult(_acs.Accepted.Any(a => a.Subject.StartsWith($"Risk alert: client {code}", StringComparison.Ordinal))));
        return (client, _acs.Accepted.Single(a => a.Subject.StartsWith($"Risk alert: client {code}", StringComparison.Ordinal)).OperationId);
    }

    /// <summary>A report as Event Grid delivers it to a storage queue: one event in the Event Grid schema.</summary>
    private async Task ReportAsync(string operationId, string status)
    {
        var report = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/8d2b7a3c-1111-4222-8333-944455556666/resourceGroups/rg-clinic/providers/Microsoft.Communication/CommunicationServices/acs-x",
            ["subject"] = $"sender/DoNotReply@clinic.example/message/{operationId}",
            ["data"] = new JsonObject
            {
                ["sender"] = "DoNotReply@clinic.example",
                ["recipient"] = "dr@clinic.example",
                ["internetMessageId"] = "<abc@outlook.example>",
                ["messageId"] = operationId,
                ["status"] = status,
                ["deliveryStatusDetails"] = new JsonObject { ["statusMessage"] = status == "Delivered" ? "No error." : "550 5.1.1 mailbox unavailable", ["recipientMailServerHostName"] = "mx.clinic.example" },
                ["deliveryAttemptTimeStamp"] = DateTimeOffset.UtcNow.ToString("O"),
            },
            ["eventType"] = "Microsoft.Communication.EmailDeliveryReportReceived",
            ["dataVersion"] = "1.0",
            ["metadataVersion"] = "1",
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        var queue = new QueueClient(_practice.Azurite.ConnectionString, StorageQueues.EmailReports, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.SendMessageAsync(report.ToJsonString());
    }

    private async Task<WatchedDelivery?> WatchedAsync(string operationId)
    {
        var outbox = _practice.Host.Services.GetRequiredService<IOutbox>();
        var key = (await outbox.FindByOperationAsync(Guid.Parse(operationId), CancellationToken.None))?.Key;
        return (await outbox.ListWatchedDeliveriesAsync(CancellationToken.None)).SingleOrDefault(w => w.Key == key);
    }

    [Fact]
    public async Task BouncedRiskAlert_GoesToTheDutyContactAtOnce_WithTheReason()
    {
        var (client, operation) = await RiskAlertSentAsync("D-1");
        Assert.Null((await WatchedAsync(operation))!.Status); // watched from before it was handed over

        await ReportAsync(operation, "Bounced");

        await _practice.WaitUntilAsync(() => Task.FromResult(_acs.Accepted.Any(a => a.Subject.StartsWith("Risk alert not delivered: client D-1", StringComparison.Ordinal))));
        Assert.Equal(DeliveryStatus.Bounced, (await WatchedAsync(operation))!.Status);
        var outcomes = await _practice.OutcomesAsync(client);
        var alert = Assert.Single(outcomes.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("urgency").GetString() == "Immediate");
        Assert.Equal(System.Text.Json.JsonValueKind.String, alert.GetProperty("escalatedAt").ValueKind);

        // The practice page's health lists it; a second copy of the report changes nothing and sends nothing more.
        var health = await _practice.Host.Services.GetRequiredService<PracticeHealth>().ReadAsync(CancellationToken.None);
        var undelivered = Assert.Single(health.Undelivered);
        Assert.Equal((DeliveryStatus.Bounced, true), (undelivered.Status, undelivered.Urgent));
        Assert.True(health.TryOutEmailDomain);
        using var admin = new PortalBrowser(_practice.Host);
        await admin.SignInAsync(Outcomes.Local.SignIn.LocalIdentityProvider.AdminEmail);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await (await admin.GetAsync("/portal/admin")).Content.ReadAsStringAsync());
        var row = Assert.Single(page.QuerySelectorAll("#health tr"), r => r.TextContent.Contains("Risk alert: client D-1", StringComparison.Ordinal));
        Assert.Contains("bounced", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Email goes out from Azure's managed domain, which is for trying Outcomes out.", page.QuerySelector("#health")!.TextContent, StringComparison.Ordinal);

        await ReportAsync(operation, "Bounced");
        await _practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromMinutes(1));
        Assert.Single(_acs.Accepted, a => a.Subject.StartsWith("Risk alert not delivered", StringComparison.Ordinal));
        Assert.Equal(0, await _practice.PoisonCountAsync());
    }

    [Fact]
    public async Task DeliveredRiskAlert_IsNoLongerWatched_AndNobodyElseIsTold()
    {
        var (_, operation) = await RiskAlertSentAsync("D-2");

        await ReportAsync(operation, "Delivered");
        await _practice.WaitUntilAsync(async () => await WatchedAsync(operation) is null);

        // Past ten minutes, the escalation timer finds nothing unreported.
        await _practice.Host.Services.GetRequiredService<EscalationRun>().RunAsync(DateTimeOffset.UtcNow.AddMinutes(11), CancellationToken.None);
        await _practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(_acs.Accepted, a => a.Subject.StartsWith("Risk alert not delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoReportWithinTenMinutes_GoesToTheDutyContact()
    {
        var (_, operation) = await RiskAlertSentAsync("D-3");
        var alerts = _practice.Host.Services.GetRequiredService<EscalationRun>();

        // Nine minutes: still waiting. Eleven: the escalation timer tells the duty contact.
        await alerts.RunAsync(DateTimeOffset.UtcNow.AddMinutes(9), CancellationToken.None);
        Assert.Null((await WatchedAsync(operation))!.Status);
        await alerts.RunAsync(DateTimeOffset.UtcNow.AddMinutes(11), CancellationToken.None);

        await _practice.WaitUntilAsync(() => Task.FromResult(_acs.Accepted.Any(a => a.Subject.StartsWith("Risk alert not delivered: client D-3", StringComparison.Ordinal))));
        Assert.Equal(DeliveryStatus.Unreported, (await WatchedAsync(operation))!.Status);
    }

    [Fact]
    public async Task ReportsOfOtherEmailsOrEvents_ChangeNothing()
    {
        var (_, operation) = await RiskAlertSentAsync("D-4");

        await ReportAsync(Guid.NewGuid().ToString(), "Bounced"); // an email this outbox never sent
        await ReportAsync(operation, "Expanded"); // not an outcome: the members' reports follow
        await _practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromMinutes(1));

        Assert.Null((await WatchedAsync(operation))!.Status);
        Assert.DoesNotContain(_acs.Accepted, a => a.Subject.StartsWith("Risk alert not delivered", StringComparison.Ordinal));
        Assert.Equal(0, await _practice.PoisonCountAsync());
    }
}
