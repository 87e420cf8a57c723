using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Local;
using Outcomes.Practice;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests;

/// <summary>Storage failing under a submission: a clear 503, nothing half-written, and a later retry that succeeds.</summary>
[Collection(nameof(PracticeCollection))]
public class StorageOutageTests(PracticeFixture practice)
{
    [Fact]
    public async Task StorageDownAtSubmission_Is503ThenTheRetrySucceeds()
    {
        // Azurite with its data on disk, so that it can be stopped and started again.
        var folder = Directory.CreateTempSubdirectory("outcomes-azurite-").FullName;
        var azurite = await Azurite.StartAsync(TextWriter.Null, CancellationToken.None, folder);
        var ports = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        var connection = azurite.ConnectionString;
        await using var host = await LocalHost.StartAsync(
            ["--urls", "http://127.0.0.1:0", $"--{StorageClients.TablesSetting}={connection}", $"--{StorageClients.QueuesSetting}={connection}", "--Outcomes:AdminKey=k"],
            TextWriter.Null,
            CancellationToken.None,
            new LocalHostOptions { Queues = PracticeFixture.FastQueues });
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        http.DefaultRequestHeaders.Add(LocalHost.AdminKeyHeader, "k");
        try
        {
            var therapist = await Id(await http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr O", email = "o@clinic.example", timeZone = "UTC" }));
            var client = await Id(await http.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist, displayCode = "O-1", email = "c@clinic.example", instruments = new[] { "phq9" }, cadenceDays = 7, timeZone = "UTC" }));
            var url = (await (await http.PostAsync($"/api/admin/clients/{client}/invitations", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
            var token = url[(url.LastIndexOf('/') + 1)..];
            var answers = new { answers = new { phq9 = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 0 } } };

            await azurite.StopAsync();
            var down = await http.PostAsJsonAsync($"/api/q/{token}", answers);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("30", down.Headers.RetryAfter?.ToString());
            Assert.Contains("nothing was saved", await down.Content.ReadAsStringAsync());

            azurite = await Azurite.StartAsync(TextWriter.Null, CancellationToken.None, folder, ports);
            var retried = await http.PostAsJsonAsync($"/api/q/{token}", answers);
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);

            var table = StorageClients.Tables(connection).GetTableClient(PracticeTables.ClientsTable);
            for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(100))
            {
                var keys = table.Query<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == client).Select(e => e.RowKey).ToList();
                if (keys.Count(k => k.StartsWith("score|", StringComparison.Ordinal)) == 1)
                {
                    Assert.Equal(1, keys.Count(k => k.StartsWith("response|", StringComparison.Ordinal)));
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, "the retried submission was never scored");
            }
        }
        finally
        {
            await azurite.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task StorageFailingMidway_Is503WithNothingHalfWritten()
    {
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);

        // The invitation is read; then the atomic write fails, so nothing is queued either.
        practice.Outage.FailWhen = message => message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);
        HttpResponseMessage down;
        try
        {
            down = await practice.SubmitAsync(token, PracticeFixture.Answers());
        }
        finally
        {
            practice.Outage.FailWhen = null;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var rows = await practice.RowsAsync(client);
        Assert.Equal(0, PracticeFixture.Count(rows, "response|"));
        Assert.Null(rows.Single(r => r.RowKey.StartsWith("invitation|", StringComparison.Ordinal)).GetDateTimeOffset("UsedAt"));

        Assert.Equal(HttpStatusCode.Accepted, (await practice.SubmitAsync(token, PracticeFixture.Answers())).StatusCode);
        await practice.WaitForAsync(client, r => PracticeFixture.Count(r, "score|") == 1 && PracticeFixture.Count(r, "response|") == 1);
    }

    [Fact]
    public async Task ScoringRequestLostAfterTheWrite_Is202_AndTheRedriveScoresTheAnswersAndAlertsOnce()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-1");
        var token = await practice.InviteAsync(client);

        // The answers are written; the scoring request then cannot be queued.
        practice.Outage.FailWhen = message => message.Request.Method == Azure.Core.RequestMethod.Post && message.Request.Uri.Path.EndsWith("/score/messages", StringComparison.Ordinal);
        HttpResponseMessage accepted;
        try
        {
            accepted = await practice.SubmitAsync(token, PracticeFixture.Answers(phq9: [2, 2, 2, 2, 2, 2, 2, 2, 1]));
        }
        finally
        {
            practice.Outage.FailWhen = null;
        }

        // The client is told their answers arrived, and they did: stored, awaiting their scoring.
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        var rows = await practice.RowsAsync(client);
        Assert.Equal((1, 1, 0), (PracticeFixture.Count(rows, "response|"), PracticeFixture.Count(rows, "scoring|"), PracticeFixture.Count(rows, "score|")));

        // Within two minutes of the answer the redrive leaves it (its request may still be on its way); after, it asks again.
        var scoring = practice.Host.Services.GetRequiredService<ResponseScoring>();
        await scoring.RedriveAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, PracticeFixture.Count(await practice.RowsAsync(client), "score|"));

        await scoring.RedriveAsync(DateTimeOffset.UtcNow + ResponseScoring.RedriveAfter + TimeSpan.FromSeconds(1), CancellationToken.None);
        rows = await practice.WaitForAsync(client, r => PracticeFixture.Count(r, "score|") == 1);
        Assert.Equal(0, PracticeFixture.Count(rows, "scoring|"));
        Assert.Single(await therapist.EmailsAsync("Risk alert"));

        // Asked again once more: nothing awaits, nothing is scored or sent twice.
        await scoring.RedriveAsync(DateTimeOffset.UtcNow + ResponseScoring.RedriveAfter + TimeSpan.FromSeconds(1), CancellationToken.None);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, PracticeFixture.Count(await practice.RowsAsync(client), "score|"));
        Assert.Single(await therapist.EmailsAsync("Risk alert"));
    }

    private static async Task<string> Id(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
