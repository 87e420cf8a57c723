using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outcomes.Practice;
using Outcomes.Practice.Email;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests.Faults;

/// <summary>
/// Storage stopped under load, the host stopped mid-work, every message delivered twice and out of
/// order: each test asserts the end state a clinic would check, through the API and the outbox.
/// </summary>
public sealed class FaultSuiteTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private FaultPractice _practice = null!;

    public async Task InitializeAsync() => _practice = await FaultPractice.StartAsync();

    public async Task DisposeAsync() => await _practice.DisposeAsync();

    [Fact]
    public async Task EveryMessageDeliveredTwiceAndOutOfOrder_EndsAsIfDeliveredOnce()
    {
        var therapist = await _practice.EnrolTherapistAsync("twice@clinic.example");
        var client = await _practice.EnrolClientAsync(therapist, "D-1");
        var tokens = new[] { await _practice.InviteAsync(client), await _practice.InviteAsync(client), await _practice.InviteAsync(client) };
        var responses = new List<string>();
        foreach (var (token, i) in tokens.Select((t, i) => (t, i)))
        {
            var answered = await _practice.Http.PostAsJsonAsync($"/api/q/{token}", FaultPractice.Answers(6 + (i * 6), i == 1 ? 2 : 0));
            Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
            responses.Add((await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("responseId").GetString()!);
        }

        await _practice.WaitUntilAsync(async () => await _practice.AllDoneAsync(client, 3));
        var before = await _practice.OutcomesAsync(client);
        var emailsBefore = _practice.Emails().Select(e => $"{e.To} {e.Subject}").Order(StringComparer.Ordinal).ToList();

        // Every scoring request again, newest first; every alert request again; every email request again.
        var score = _practice.Queues.GetQueueClient(StorageQueues.Score);
        foreach (var responseId in Enumerable.Reverse(responses))
        {
            await score.SendMessageAsync(JsonSerializer.Serialize(new ScoreRequest(client, responseId), Json));
        }

        // Every alert, the warning signs too: a request for one that is not a risk answer must email nothing.
        foreach (var alert in before.GetProperty("alerts").EnumerateArray())
        {
            await _practice.Queues.GetQueueClient(StorageQueues.Alerts).SendMessageAsync(JsonSerializer.Serialize(new AlertRequest(client, alert.GetProperty("key").GetString()!), Json));
        }

        var outbox = StorageClients.Tables(_practice.Azurite.ConnectionString).GetTableClient(TableOutbox.Table);
        await foreach (var row in outbox.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            await _practice.Queues.GetQueueClient(StorageQueues.Email).SendMessageAsync(JsonSerializer.Serialize(new EmailRequest(row.GetString("Key")), Json));
        }

        await _practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromMinutes(1));
        var after = await _practice.OutcomesAsync(client);
        Assert.Equal(3, after.GetProperty("responses").GetInt32());
        Assert.Equal(0, after.GetProperty("unscoredResponses").GetInt32());
        Assert.Equal(Keys(before), Keys(after));
        Assert.Single(after.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "RiskAnswer");
        Assert.Equal(emailsBefore, _practice.Emails().Select(e => $"{e.To} {e.Subject}").Order(StringComparer.Ordinal).ToList());
        Assert.Equal(0, await _practice.PoisonCountAsync());
    }

    [Fact]
    public async Task TwentySubmissionsRacingOnOneLink_OneIsTakenAndNoScoringRequestIsPoisoned()
    {
        var therapist = await _practice.EnrolTherapistAsync("race@clinic.example");
        var client = await _practice.EnrolClientAsync(therapist, "Z-1");
        var token = await _practice.InviteAsync(client);

        var answered = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _practice.Http.PostAsJsonAsync($"/api/q/{token}", FaultPractice.Answers(6 + (i % 10), 0))));
        Assert.Single(answered, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.All(answered.Where(r => r.StatusCode != HttpStatusCode.Accepted), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));

        // The losers' scoring requests find their response never written (the link names another) and end quietly.
        await _practice.WaitUntilAsync(() => _practice.AllDoneAsync(client, 1));
        Assert.Equal(0, await _practice.PoisonCountAsync());
        Assert.Equal(0, _practice.Host.Activity.Count(StorageQueues.Score, "retried"));
    }

    [Fact]
    public async Task StorageStoppedAndRestartedUnderLoad_Every202ScoredEvery503ResendableNoEmailTwice()
    {
        var therapist = await _practice.EnrolTherapistAsync("outage@clinic.example");
        var links = new List<(string Client, string Token)>();
        for (var i = 0; i < 20; i++)
        {
            var client = await _practice.EnrolClientAsync(therapist, $"O-{i:D2}");
            links.Add((client, await _practice.InviteAsync(client)));
        }

        // Answers go in one after another while storage stops and comes back: the first five are
        // being scored when it stops (their handlers fail mid-way and are retried), the next seven
        // meet the outage, the rest arrive after it.
        var results = new List<((string Client, string Token) link, HttpResponseMessage)>();
        foreach (var (link, i) in links.Select((l, i) => (l, i)))
        {
            if (i == 5)
            {
                await _practice.StopStorageAsync();
            }
            else if (i == 12)
            {
                await _practice.StartStorageAsync();
            }

            results.Add((link, await _practice.Http.PostAsJsonAsync($"/api/q/{link.Token}", FaultPractice.Answers(10, 2))));
        }

        var unavailable = results.Where(r => r.Item2.StatusCode == HttpStatusCode.ServiceUnavailable).Select(r => r.link).ToList();
        Assert.All(results, r => Assert.Contains(r.Item2.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable }));
        Assert.NotEmpty(unavailable);

        // Each 503 sent again, as the page tells the client: now accepted (nothing was saved before).
        foreach (var link in unavailable)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _practice.Http.PostAsJsonAsync($"/api/q/{link.Token}", FaultPractice.Answers(10, 2))).StatusCode);
        }

        await _practice.WaitUntilAsync(async () => (await Task.WhenAll(links.Select(l => _practice.OutcomesAsync(l.Client)))).All(o => o.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("emailedAt").ValueKind != JsonValueKind.Null)));
        await _practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromMinutes(1));
        foreach (var (client, _) in links)
        {
            var outcomes = await _practice.OutcomesAsync(client);
            Assert.Equal(1, outcomes.GetProperty("responses").GetInt32());
            Assert.Equal(0, outcomes.GetProperty("unscoredResponses").GetInt32());
        }

        var risk = _practice.Emails().Where(e => e.Subject?.StartsWith("Risk alert", StringComparison.Ordinal) == true).Select(e => e.Subject!).ToList();
        Assert.Equal(links.Count, risk.Count);
        Assert.Equal(links.Count, risk.Distinct().Count());
        Assert.Equal(0, await _practice.PoisonCountAsync());
    }

    [Fact]
    public async Task HostStoppedMidWorkAndStartedAgainOnTheSameStorage_QueuedWorkIsDoneOnce()
    {
        var therapist = await _practice.EnrolTherapistAsync("restart@clinic.example");
        var clients = new List<string>();
        var tokens = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var client = await _practice.EnrolClientAsync(therapist, $"K-{i:D2}");
            clients.Add(client);
            tokens.Add(await _practice.InviteAsync(client));
        }

        var answered = await Task.WhenAll(tokens.Select(t => _practice.Http.PostAsJsonAsync($"/api/q/{t}", FaultPractice.Answers(12, 1))));
        Assert.All(answered, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await _practice.StopHostAbruptlyAsync(); // mid-scoring: messages in hand are neither finished nor released
        await _practice.StartHostAsync();

        await _practice.WaitUntilAsync(async () => _practice.Emails().Count(e => e.Subject?.StartsWith("Risk alert", StringComparison.Ordinal) == true) >= clients.Count);
        await _practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromMinutes(1));
        foreach (var client in clients)
        {
            var outcomes = await _practice.OutcomesAsync(client);
            Assert.Equal(0, outcomes.GetProperty("unscoredResponses").GetInt32());
            Assert.Single(outcomes.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "RiskAnswer");
        }

        var risk = _practice.Emails().Where(e => e.Subject?.StartsWith("Risk alert", StringComparison.Ordinal) == true).Select(e => e.Subject!).ToList();
        Assert.Equal(clients.Count, risk.Count);
        Assert.Equal(clients.Count, risk.Distinct().Count());
        Assert.Equal(0, await _practice.PoisonCountAsync());
    }

    private static List<string> Keys(JsonElement outcomes) =>
        outcomes.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("key").GetString()!).Order(StringComparer.Ordinal).ToList();

}
