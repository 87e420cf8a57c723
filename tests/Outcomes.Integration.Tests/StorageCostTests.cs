using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Practice.Digests;

namespace Outcomes.Integration.Tests;

/// <summary>Storage transactions are what Azure bills; a response's are counted, not guessed.</summary>
[Collection(nameof(PracticeCollection))]
public class StorageCostTests(PracticeFixture practice)
{
    [Fact]
    public async Task OneResponse_CostsAtMostTenStorageOperationsEndToEnd()
    {
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));

        practice.Counter.Reset();
        Assert.Equal(HttpStatusCode.Accepted, (await practice.SubmitAsync(token, PracticeFixture.Answers())).StatusCode);
        var rows = await practice.WaitForAsync(client, r => PracticeFixture.Count(r, "score|") == 1);
        Assert.Equal(0, PracticeFixture.Count(rows, "scoring|")); // the response's awaiting ended with its score
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30)); // the message delete follows the writes

        var operations = practice.Counter.ByOperation;

        // Receiving from a queue is polling (of every queue, busy or idle): its cost is shared by
        // every message in a batch and depends on load, so the benchmark measures it, not this test.
        var work = operations.Where(o => !(o.Key.StartsWith("GET ", StringComparison.Ordinal) && o.Key.EndsWith("/messages", StringComparison.Ordinal))).ToDictionary();
        var described = string.Join(", ", operations.Select(o => $"{o.Key} ×{o.Value}"));
        Assert.True(work.Values.Sum() <= 9, described);
        Assert.Equal(3, work.GetValueOrDefault("GET Clients"));          // the invitation; the client's records before scoring and after (for the summary)
        Assert.Equal(1, work.GetValueOrDefault("POST score/messages"));  // the scoring request
        Assert.Equal(2, work.GetValueOrDefault("POST $batch"));          // response + invitation + awaiting; score + alerts − awaiting
        Assert.Equal(1, work.GetValueOrDefault("DELETE score/messages"));
        Assert.Equal(2, work.Where(o => o.Key.Contains("Summaries", StringComparison.Ordinal)).Sum(o => o.Value)); // the therapist's summary row: read, then written on its ETag
        Assert.True(operations.GetValueOrDefault("GET score/messages") >= 1, described);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public async Task Digest_ReadsTheCaseloadWithOneQueryWhateverItsSize(int clients)
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        for (var i = 0; i < clients; i++)
        {
            var client = await therapist.EnrolClientAsync($"S-{i}");
            await therapist.AnswerAsync(client, TherapistPractice.Phq9(10 + i));
        }

        practice.Counter.Reset();
        await practice.Host.Services.GetRequiredService<DigestRun>().SendNowAsync(therapist.Id, DateTimeOffset.UtcNow, CancellationToken.None);

        var operations = practice.Counter.ByOperation;
        var described = string.Join(", ", operations.Select(o => $"{o.Key} ×{o.Value}"));
        Assert.True(operations.GetValueOrDefault("GET Summaries") == 1, described);  // the whole caseload
        Assert.True(operations.GetValueOrDefault("GET Clients") == 0, described);    // never a client's own records
        Assert.True(operations.GetValueOrDefault("POST Outbox") == 1, described);    // the digest, once
        Assert.Contains($"S-{clients - 1}", (await therapist.EmailsAsync("Your weekly digest")).Single().HtmlBody, StringComparison.Ordinal);
    }
}
