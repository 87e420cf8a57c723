using System.Net.Http.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Email;

namespace Outcomes.Integration.Tests;

/// <summary>A risk answer reaches the therapist at once; acknowledging stops escalation; without it the duty contact is told, once.</summary>
[Collection(nameof(PracticeCollection))]
public class RiskAlertTests(PracticeFixture practice)
{
    private static readonly int[] RiskAnswer = [1, 1, 1, 1, 1, 1, 1, 1, 2];

    private RiskAlerts Alerts => practice.Host.Services.GetRequiredService<RiskAlerts>();

    [Fact]
    public async Task RiskAnswer_ReachesTheTherapistAsAnEmailWithTheDisplayCodeAndAnAcknowledgeLink()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-101");
        await therapist.AnswerAsync(client, RiskAnswer);

        var email = Assert.Single(await therapist.EmailsAsync("Risk alert"));
        Assert.Equal("Risk alert: client R-101, please confirm you have seen it", email.Subject);
        Assert.Contains("PHQ-9 item 9", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(TherapistPractice.Link(email, "a"), email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("client@clinic.example", email.TextBody + email.HtmlBody, StringComparison.Ordinal);

        var alert = await AlertRowAsync(client);
        Assert.NotNull(alert.GetDateTimeOffset("EmailedAt"));
        Assert.Null(alert.GetDateTimeOffset("AcknowledgedAt"));
    }

    [Fact]
    public async Task AcknowledgeLink_OpeningShowsTheAlertOnlyTheButtonRecordsItAndEscalationStops()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-102");
        await therapist.AnswerAsync(client, RiskAnswer);
        var link = TherapistPractice.Link(Assert.Single(await therapist.EmailsAsync("Risk alert")), "a");

        // Opening the link (as a mail scanner would) changes nothing.
        var page = await practice.Http.GetAsync(link);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        var shown = await page.Content.ReadAsStringAsync();
        Assert.Contains("I have seen this alert", shown, StringComparison.Ordinal);
        Assert.Contains("(Europe/London)", shown, StringComparison.Ordinal); // the therapist's own clock
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Null((await AlertRowAsync(client)).GetDateTimeOffset("AcknowledgedAt"));

        var confirmed = await practice.Http.PostAsync(link, null);
        Assert.Equal(System.Net.HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("acknowledged by the therapist", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var row = await AlertRowAsync(client);
        var acknowledgedAt = row.GetDateTimeOffset("AcknowledgedAt");
        Assert.NotNull(acknowledgedAt);
        Assert.Equal(RiskAlerts.Therapist, row.GetString("AcknowledgedBy"));

        // A second click keeps the first acknowledgement.
        var again = await practice.Http.PostAsync(link, null);
        Assert.Contains("Already acknowledged", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(acknowledgedAt, (await AlertRowAsync(client)).GetDateTimeOffset("AcknowledgedAt"));

        await Alerts.EscalateDueAsync(row.GetDateTimeOffset("RaisedAt")!.Value.AddHours(5), CancellationToken.None);
        Assert.Null(await practice.Host.Services.GetRequiredService<IOutbox>().FindAsync(EmailKeys.Escalation(client, row.RowKey["alert|".Length..]), CancellationToken.None));
        Assert.Null((await AlertRowAsync(client)).GetDateTimeOffset("EscalatedAt"));
    }

    [Fact]
    public async Task Acknowledgement_KeepsAnOptionalNoteForTheRecord_AndRefusesOneItCannotKeep()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-103");
        await therapist.AnswerAsync(client, RiskAnswer);
        var link = TherapistPractice.Link(Assert.Single(await therapist.EmailsAsync("Risk alert")), "a");

        // Too long: the form again with what is wrong and the note kept, and nothing acknowledged.
        var tooLong = await practice.Http.PostAsync(link, new FormUrlEncodedContent([new("note", new string('a', RiskAlerts.MaxNoteLength + 1))]));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLong.StatusCode);
        using (var form = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await tooLong.Content.ReadAsStringAsync()))
        {
            Assert.Contains("at most 500", form.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("true", form.QuerySelector("textarea#note")!.GetAttribute("aria-invalid"));
        }

        Assert.Null((await AlertRowAsync(client)).GetDateTimeOffset("AcknowledgedAt"));

        var confirmed = await practice.Http.PostAsync(link, new FormUrlEncodedContent([new("note", "Called the client;\r\nsafety plan reviewed <today>")]));
        Assert.Equal(System.Net.HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Your note for the record: <q>Called the client; safety plan reviewed &lt;today&gt;</q>", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Called the client; safety plan reviewed <today>", (await AlertRowAsync(client)).GetString("AcknowledgementNote"));

        // Once used, the link works for days more in whoever's hands it is: it says the alert was seen, never the note.
        var later = await (await practice.Http.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("Already acknowledged", later, StringComparison.Ordinal);
        Assert.DoesNotContain("safety plan reviewed", later, StringComparison.Ordinal);
        Assert.Contains("Their note is on the client's page in the portal.", later, StringComparison.Ordinal);
        var afterwards = await (await practice.Http.PostAsync(link, null)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("safety plan reviewed", afterwards, StringComparison.Ordinal);

        // Subject access shows the note in its page as in its JSON.
        var html = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/clients/{client}/data");
        html.Headers.Accept.ParseAdd("text/html");
        Assert.Contains("Note for the record: <q>Called the client; safety plan reviewed &lt;today&gt;</q>", await (await practice.Http.SendAsync(html)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var outcomes = await practice.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/clients/{client}/outcomes");
        Assert.Contains(outcomes.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("acknowledgementNote").GetString() == "Called the client; safety plan reviewed <today>");
        var audit = await practice.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/audit?days=1");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "alert.acknowledged" && e.GetProperty("clientId").GetString() == client && e.GetProperty("actor").GetString() == "therapist (acknowledge link)");

        // The note is for the record: no email carries it.
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(Directory.GetFiles(practice.EmailFolder, "*.eml"), f => File.ReadAllText(f).Contains("safety plan reviewed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoAcknowledgement_EscalatesToTheDutyContactExactlyOnceAfterFourHours()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-103");
        await therapist.AnswerAsync(client, RiskAnswer);
        await therapist.EmailsAsync("Risk alert");
        var raised = (await AlertRowAsync(client)).GetDateTimeOffset("RaisedAt")!.Value;

        await Alerts.EscalateDueAsync(raised.AddHours(4).AddSeconds(-1), CancellationToken.None);
        Assert.Null((await AlertRowAsync(client)).GetDateTimeOffset("EscalatedAt"));

        await Alerts.EscalateDueAsync(raised.AddHours(4), CancellationToken.None);
        await Alerts.EscalateDueAsync(raised.AddHours(5), CancellationToken.None);
        await Alerts.EscalateDueAsync(raised.AddHours(6), CancellationToken.None);

        var escalations = await practice.EmailsToAsync(PracticeFixture.DutyContact, 1, m => m.Subject?.Contains("client R-103", StringComparison.Ordinal) == true);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        escalations = await practice.EmailsToAsync(PracticeFixture.DutyContact, 1, m => m.Subject?.Contains("client R-103", StringComparison.Ordinal) == true);
        var escalation = Assert.Single(escalations);
        Assert.Equal("Unacknowledged risk alert: client R-103 (therapist Dr Own)", escalation.Subject);
        Assert.Equal(raised.AddHours(4), (await AlertRowAsync(client)).GetDateTimeOffset("EscalatedAt"));

        // The duty contact's own link records that the duty contact acknowledged it.
        var confirmed = await practice.Http.PostAsync(TherapistPractice.Link(escalation, "a"), null);
        Assert.Equal(System.Net.HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(RiskAlerts.DutyContact, (await AlertRowAsync(client)).GetString("AcknowledgedBy"));
    }

    [Fact]
    public async Task ForgedAlteredOrExpiredLinks_ShowTheNeutralPageAndChangeNothing()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-104");
        await therapist.AnswerAsync(client, RiskAnswer);
        var link = TherapistPractice.Link(Assert.Single(await therapist.EmailsAsync("Risk alert")), "a");
        var alertKey = (await AlertRowAsync(client)).RowKey["alert|".Length..];
        var key = await practice.Host.Services.GetRequiredService<ILinkKey>().GetAsync(CancellationToken.None);

        var altered = link[..^3] + (link[^3] == 'A' ? "B" : "A") + link[^2..];
        var expired = $"{practice.Host.BaseUrl}/a/{SignedLink.Create(key, SignedLink.Acknowledge, DateTimeOffset.UtcNow.AddMinutes(-1), client, alertKey, RiskAlerts.Therapist)}";
        var forged = $"{practice.Host.BaseUrl}/a/{SignedLink.Create(new byte[32], SignedLink.Acknowledge, DateTimeOffset.UtcNow.AddDays(1), client, alertKey, RiskAlerts.Therapist)}";
        var otherPurpose = $"{practice.Host.BaseUrl}/a/{SignedLink.Create(key, "another purpose", DateTimeOffset.UtcNow.AddDays(1), therapist.Id)}";
        foreach (var bad in new[] { altered, expired, forged, otherPurpose, $"{practice.Host.BaseUrl}/a/nonsense" })
        {
            var shown = await practice.Http.GetAsync(bad);
            var posted = await practice.Http.PostAsync(bad, null);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, shown.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, posted.StatusCode);
            Assert.Equal(await shown.Content.ReadAsStringAsync(), await posted.Content.ReadAsStringAsync());
        }

        Assert.Null((await AlertRowAsync(client)).GetDateTimeOffset("AcknowledgedAt"));
    }

    [Fact]
    public async Task SameAlertMessageTwice_OneEmail()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-105");
        await therapist.AnswerAsync(client, RiskAnswer);
        await therapist.EmailsAsync("Risk alert");
        var alertKey = (await AlertRowAsync(client)).RowKey["alert|".Length..];

        var queues = practice.Host.Services.GetRequiredService<IWorkQueues>();
        await queues.RequestAlertAsync(new AlertRequest(client, alertKey), CancellationToken.None);
        await queues.RequestAlertAsync(new AlertRequest(client, alertKey), CancellationToken.None);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));

        Assert.Single(await therapist.EmailsAsync("Risk alert"));
    }

    [Fact]
    public async Task StorageOutageWhileEmailing_IsRetriedAndTheTherapistGetsOneEmail()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-106");
        var failures = 0;
        practice.Outage.FailWhen = message => message.Request.Uri.Path.Contains("/Outbox", StringComparison.Ordinal) && Interlocked.Increment(ref failures) <= 6;
        try
        {
            await therapist.AnswerAsync(client, RiskAnswer);
            var email = Assert.Single(await therapist.EmailsAsync("Risk alert"));
            Assert.Contains("R-106", email.Subject, StringComparison.Ordinal);
        }
        finally
        {
            practice.Outage.FailWhen = null;
        }

        Assert.True(failures > 6, "the outage was hit");
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        Assert.Single(await therapist.EmailsAsync("Risk alert"));
        Assert.Empty(await practice.Queues.GetQueueClient(Storage.StorageQueues.Alerts + "-poison").PeekMessagesAsync(32).ContinueWith(t => t.Result.Value.Where(m => m.Body.ToString().Contains(client, StringComparison.Ordinal)), TaskScheduler.Default));
    }

    [Fact]
    public async Task StorageOutageWhileEscalating_TheNextRunEscalatesOnce()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-107");
        await therapist.AnswerAsync(client, RiskAnswer);
        await therapist.EmailsAsync("Risk alert");
        var due = (await AlertRowAsync(client)).GetDateTimeOffset("RaisedAt")!.Value.AddHours(4);

        practice.Outage.FailWhen = message => message.Request.Uri.Path.Contains("/Outbox", StringComparison.Ordinal);
        try
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => Alerts.EscalateDueAsync(due, CancellationToken.None));
        }
        finally
        {
            practice.Outage.FailWhen = null;
        }

        Assert.Null((await AlertRowAsync(client)).GetDateTimeOffset("EscalatedAt"));
        await Alerts.EscalateDueAsync(due, CancellationToken.None);
        await Alerts.EscalateDueAsync(due.AddMinutes(5), CancellationToken.None);

        Assert.Single(await practice.EmailsToAsync(PracticeFixture.DutyContact, 1, m => m.Subject?.Contains("client R-107", StringComparison.Ordinal) == true));
        Assert.Equal(due, (await AlertRowAsync(client)).GetDateTimeOffset("EscalatedAt"));
    }

    [Fact]
    public async Task LinkKey_IsMadeOnceAndSharedByEveryInstance()
    {
        var hostKey = await practice.Host.Services.GetRequiredService<ILinkKey>().GetAsync(CancellationToken.None);
        var anotherInstance = new Storage.TableLinkKey(practice.Tables);
        Assert.Equal(hostKey, await anotherInstance.GetAsync(CancellationToken.None));
        Assert.Equal(32, hostKey.Length);
    }

    private async Task<TableEntity> AlertRowAsync(string client)
    {
        var rows = await practice.WaitForAsync(client, rows => rows.Any(r => r.RowKey.StartsWith("alert|RiskAnswer", StringComparison.Ordinal)));
        return rows.Single(r => r.RowKey.StartsWith("alert|RiskAnswer", StringComparison.Ordinal));
    }
}
