using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests;

/// <summary>Submit → queue → score, over real HTTP against a real Azurite; and every way a submission can be refused.</summary>
[Collection(nameof(PracticeCollection))]
public class SubmissionTests(PracticeFixture practice)
{
    [Fact]
    public async Task Submission_IsStoredScoredAndShownInOutcomes()
    {
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);

        var response = await practice.SubmitAsync(token, PracticeFixture.Answers(phq9: [2, 2, 2, 2, 2, 1, 1, 1, 0]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(accepted.GetProperty("riskAnswer").GetBoolean());

        await practice.WaitForAsync(client, rows => PracticeFixture.Count(rows, "score|") == 1);
        var outcomes = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{client}/outcomes");
        Assert.Equal(0, outcomes.GetProperty("unscoredResponses").GetInt32());
        var phq9 = outcomes.GetProperty("instruments").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "phq9");
        Assert.Equal(13, phq9.GetProperty("latest").GetProperty("total").GetDouble());
        Assert.Equal("moderate", phq9.GetProperty("latest").GetProperty("band").GetString());
    }

    [Fact]
    public async Task RiskAnswer_IsToldAtSubmitAndRaisesOneImmediateAlert()
    {
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);

        var response = await practice.SubmitAsync(token, PracticeFixture.Answers(phq9: [1, 1, 1, 1, 1, 1, 1, 1, 2]));
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("riskAnswer").GetBoolean());

        var rows = await practice.WaitForAsync(client, r => PracticeFixture.Count(r, "score|") == 1);
        var alert = Assert.Single(rows, r => r.RowKey.StartsWith("alert|", StringComparison.Ordinal));
        Assert.Equal("RiskAnswer", alert.GetString("Kind"));
        Assert.Equal("Immediate", alert.GetString("Urgency"));
    }

    [Fact]
    public async Task SecondSubmission_Is409AndChangesNothing()
    {
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);
        Assert.Equal(HttpStatusCode.Accepted, (await practice.SubmitAsync(token, PracticeFixture.Answers())).StatusCode);

        var again = await practice.SubmitAsync(token, PracticeFixture.Answers(phq9: [3, 3, 3, 3, 3, 3, 3, 3, 3]));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already received", await again.Content.ReadAsStringAsync());
        Assert.Equal(1, PracticeFixture.Count(await practice.RowsAsync(client), "response|"));
    }

    [Fact]
    public async Task UnknownForgedAndExpiredLinks_GetTheSame404AndWriteNothing()
    {
        var client = await practice.EnrolClientAsync();
        var real = await practice.InviteAsync(client);
        var (forged, _) = QuestionnaireToken.Create(client); // right client, secret never issued
        var (expired, hash) = QuestionnaireToken.Create(client);
        var store = new TableClientRecords(new PracticeTables(practice.Tables));
        var past = DateTimeOffset.UtcNow.AddDays(-8);
        await store.AddInvitationAsync(new Invitation(client, "t", hash, ["phq9", "gad7", "checkin"], past, past.AddDays(7), null, null), CancellationToken.None);

        var bodies = new List<string>();
        foreach (var token in new[] { "not-a-token", forged, expired, real[..^2] + "AA" })
        {
            var response = await practice.SubmitAsync(token, PracticeFixture.Answers());
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct());
        Assert.Equal(0, PracticeFixture.Count(await practice.RowsAsync(client), "response|"));
    }

    [Fact]
    public async Task InvalidAnswers_Get400WithOneMessagePerProblemAndWriteNothing()
    {
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);
        var body = new
        {
            answers = new Dictionary<string, object>
            {
                ["phq9"] = new int[] { 1, 1, 1, 1, 1, 1, 1, 7 },
                ["gad7"] = new int[] { 1, 1, 1, 1, 1, 1, 1, 1 },
                ["who5"] = new int[] { 1 },
            },
        };

        var response = await practice.SubmitAsync(token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("instrument").GetString()}/{(e.GetProperty("item").ValueKind == JsonValueKind.Null ? "-" : e.GetProperty("item").GetString())}: {e.GetProperty("message").GetString()}")
            .ToList();
        Assert.Equal(
            [
                "checkin/-: this questionnaire needs answers",
                "gad7/8: is not an item of this questionnaire",
                "phq9/8: 7 is not one of its options (0, 1, 2, 3)",
                "phq9/9: needs an answer",
                "who5/-: is not a questionnaire of this link",
            ],
            errors.Order(StringComparer.Ordinal));
        Assert.Equal(0, PracticeFixture.Count(await practice.RowsAsync(client), "response|"));

        // The link still works once the answers are right.
        Assert.Equal(HttpStatusCode.Accepted, (await practice.SubmitAsync(token, PracticeFixture.Answers())).StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"answers\": 5}")]
    [InlineData("{\"answers\": {\"phq9\": [1, \"a\", 1, 1, 1, 1, 1, 1, 1]}}")]
    public async Task MalformedBody_Is400(string json)
    {
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);

        var response = await practice.Http.PostAsync($"/api/q/{token}", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("error", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, PracticeFixture.Count(await practice.RowsAsync(client), "response|"));
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);
        var huge = $"{{\"answers\": {{\"checkin\": {{\"7text\": \"{new string('x', 70_000)}\"}}}}}}";

        var response = await practice.Http.PostAsync($"/api/q/{token}", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, PracticeFixture.Count(await practice.RowsAsync(client), "response|"));
    }

    [Fact]
    public async Task ScoredOutOfOrder_TheSummaryStillShowsTheLatestResponse()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("O-1");
        var store = new TableClientRecords(new PracticeTables(practice.Tables));
        var scoring = practice.Host.Services.GetRequiredService<ResponseScoring>();
        var now = DateTimeOffset.UtcNow;
        var ids = new List<string>();
        foreach (var (total, daysAgo) in new[] { (5, 14), (15, 7) })
        {
            var (_, hash) = QuestionnaireToken.Create(client);
            await store.AddInvitationAsync(new Invitation(client, therapist.Id, hash, ["phq9"], now.AddDays(-daysAgo), now.AddDays(7), null, null), CancellationToken.None);
            var invitation = await store.FindInvitationAsync(client, hash, CancellationToken.None);
            var id = $"{now.AddDays(-daysAgo).UtcTicks:D19}-order{daysAgo:D3}";
            var answers = new Dictionary<string, Clinical.Scoring.AnswerSet> { ["phq9"] = Clinical.Scoring.AnswerSet.FromValues(TherapistPractice.Phq9(total)) };
            await store.RecordResponseAsync(new StoredResponse(client, id, therapist.Id, now.AddDays(-daysAgo), answers), invitation!, CancellationToken.None);
            ids.Add(id);
        }

        // The later response's message is handled first, the earlier one's after it.
        await scoring.ScoreAsync(new ScoreRequest(client, ids[1]), CancellationToken.None);
        await scoring.ScoreAsync(new ScoreRequest(client, ids[0]), CancellationToken.None);

        var summary = (await new TableCaseloads(new PracticeTables(practice.Tables)).ReadCaseloadAsync(therapist.Id, CancellationToken.None)).Clients.Single();
        Assert.Equal((5, 15), (summary.Instruments["phq9"].Baseline, summary.Instruments["phq9"].Latest));
        Assert.Equal(2, summary.Instruments["phq9"].Series.Count);
        Assert.Contains(summary.Findings, f => f.Kind == FindingKind.ReliableDeterioration);
    }

    [Fact]
    public async Task SameScoreMessageTwice_OneResultAndNoAlertTwice()
    {
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);
        var accepted = await (await practice.SubmitAsync(token, PracticeFixture.Answers(phq9: [1, 1, 1, 1, 1, 1, 1, 1, 1]))).Content.ReadFromJsonAsync<JsonElement>();
        var before = await practice.WaitForAsync(client, r => PracticeFixture.Count(r, "score|") == 1);

        var request = JsonSerializer.Serialize(new ScoreRequest(client, accepted.GetProperty("responseId").GetString()!), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var queue = practice.Queues.GetQueueClient(StorageQueues.Score);
        await queue.SendMessageAsync(request);
        await queue.SendMessageAsync(request);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));

        var after = await practice.RowsAsync(client);
        Assert.Equal(1, PracticeFixture.Count(after, "score|"));
        // The risk alert's row is updated once it is emailed; what must not change is that it was raised once, when it was.
        Assert.Equal(before.Where(r => r.RowKey.StartsWith("alert|", StringComparison.Ordinal)).Select(r => (r.RowKey, r.GetDateTimeOffset("RaisedAt"))),
            after.Where(r => r.RowKey.StartsWith("alert|", StringComparison.Ordinal)).Select(r => (r.RowKey, r.GetDateTimeOffset("RaisedAt"))));
        Assert.Equal(before.Single(r => r.RowKey.StartsWith("score|", StringComparison.Ordinal)).ETag, after.Single(r => r.RowKey.StartsWith("score|", StringComparison.Ordinal)).ETag);
    }

    [Fact]
    public async Task MessageThatKeepsFailing_EndsInPoisonAndTheResponseStaysIntact()
    {
        var client = await practice.EnrolClientAsync(instruments: ["phq9"]);
        var (token, hash) = QuestionnaireToken.Create(client);
        var store = new TableClientRecords(new PracticeTables(practice.Tables));
        var now = DateTimeOffset.UtcNow;
        await store.AddInvitationAsync(new Invitation(client, "t", hash, ["phq9"], now, now.AddDays(7), null, null), CancellationToken.None);
        var invitation = await store.FindInvitationAsync(client, hash, CancellationToken.None);

        // A response on an instrument the clinic has since removed cannot be scored, however often it is tried.
        var answers = new Dictionary<string, Clinical.Scoring.AnswerSet> { ["retired"] = Clinical.Scoring.AnswerSet.FromValues(1, 2) };
        var responseId = $"{now.AddMinutes(-5).UtcTicks:D19}-poison00";
        await store.RecordResponseAsync(new StoredResponse(client, responseId, "t", now, answers), invitation!, CancellationToken.None);
        var message = JsonSerializer.Serialize(new ScoreRequest(client, responseId), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        await practice.Queues.GetQueueClient(StorageQueues.Score).SendMessageAsync(message);

        var poison = practice.Queues.GetQueueClient(StorageQueues.Score + "-poison");
        var found = false;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !found && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            found = (await poison.PeekMessagesAsync(32)).Value.Any(m => m.MessageText == message);
        }

        Assert.True(found, "the message never reached score-poison");
        var rows = await practice.RowsAsync(client);
        Assert.Equal(1, PracticeFixture.Count(rows, "response|"));
        Assert.Equal(0, PracticeFixture.Count(rows, "score|"));
        Assert.Contains("retired", rows.Single(r => r.RowKey == "response|" + responseId).GetString("Answers"));
        _ = token;
    }
}
