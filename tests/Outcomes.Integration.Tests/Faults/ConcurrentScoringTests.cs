using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests.Faults;

/// <summary>Many clients answering several links at the same moment: every answer scored, every risk answer alerted and emailed once.</summary>
public sealed class ConcurrentScoringTests : IAsyncLifetime
{
    private FaultPractice _practice = null!;

    public async Task InitializeAsync() => _practice = await FaultPractice.StartAsync();

    public async Task DisposeAsync() => await _practice.DisposeAsync();

    [Fact]
    public async Task HundredClientsAnsweringTwoOrThreeLinksAtOnce_AllScoredAndEveryRiskAnswerAlertedOnce()
    {
        const int Therapists = 10, ClientsEach = 10;
        var clients = new List<(string Therapist, string Id, string Code, string[] Tokens, bool[] Risk)>();
        for (var t = 0; t < Therapists; t++)
        {
            var therapist = await _practice.EnrolTherapistAsync($"dr{t}@clinic.example");
            for (var c = 0; c < ClientsEach; c++)
            {
                var index = (t * ClientsEach) + c;
                var code = $"C-{index:D3}";
                var id = await _practice.EnrolClientAsync(therapist, code);
                var links = 2 + (index % 2);
                var tokens = new string[links];
                for (var l = 0; l < links; l++)
                {
                    tokens[l] = await _practice.InviteAsync(id);
                }

                clients.Add((therapist, id, code, tokens, Enumerable.Range(0, links).Select(l => (index + l) % 2 == 0).ToArray()));
            }
        }

        // Every answer at once; a client's links side by side, so their scorings overlap.
        var submissions = clients.SelectMany(c => c.Tokens.Select((token, l) => _practice.Http.PostAsJsonAsync($"/api/q/{token}", FaultPractice.Answers(8 + (l * 4), c.Risk[l] ? 2 : 0))));
        var answered = await Task.WhenAll(submissions);
        Assert.All(answered, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));

        await _practice.WaitUntilAsync(async () => (await Task.WhenAll(clients.Select(c => _practice.AllDoneAsync(c.Id, c.Tokens.Length)))).All(done => done));

        var emails = _practice.Emails();
        var store = new TableCaseloads(new PracticeTables(StorageClients.Tables(_practice.Azurite.ConnectionString)));
        foreach (var (therapist, id, code, tokens, risk) in clients)
        {
            var outcomes = await _practice.OutcomesAsync(id);
            Assert.Equal(tokens.Length, outcomes.GetProperty("responses").GetInt32());
            Assert.Equal(0, outcomes.GetProperty("unscoredResponses").GetInt32());
            var alerts = outcomes.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("kind").GetString() == "RiskAnswer").ToList();
            Assert.Equal(risk.Count(r => r), alerts.Count);
            Assert.All(alerts, a => Assert.NotEqual(JsonValueKind.Null, a.GetProperty("emailedAt").ValueKind));
            Assert.Equal(risk.Count(r => r), emails.Count(e => e.Subject == $"Risk alert: client {code}, please confirm you have seen it"));

            // The therapist's view (digest, warning run) ends with every response and every alert too.
            var summary = (await store.ReadCaseloadAsync(therapist, CancellationToken.None)).Clients.Single(s => s.ClientId == id);
            Assert.Equal(tokens.Length, summary.Responses);
            Assert.Equal(risk.Count(r => r), summary.Alerts.Count(a => a.Kind == Clinical.Progress.FindingKind.RiskAnswer));
        }

        Assert.Equal(0, await _practice.PoisonCountAsync());
    }
}
