using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests;

/// <summary>Who may be given a link, display codes one per therapist's client, moving a client, many links at once.</summary>
[Collection(nameof(PracticeCollection))]
public class ClientRecordTests(PracticeFixture practice)
{
    [Fact]
    public async Task PausedOrDischargedClient_GetsNoLinkAndDischargeClosesOpenLinks()
    {
        var client = await practice.EnrolClientAsync(displayCode: "S-1");
        var open = await practice.InviteAsync(client);

        Assert.Equal(HttpStatusCode.OK, (await SetStatusAsync(client, "paused")).StatusCode);
        var paused = await practice.Http.PostAsync($"/api/admin/clients/{client}/invitations", null);
        Assert.Equal(HttpStatusCode.Conflict, paused.StatusCode);
        Assert.Contains("paused", await paused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await practice.Http.GetAsync($"/q/{open}")).StatusCode); // pausing leaves the open link

        Assert.Equal(HttpStatusCode.OK, (await SetStatusAsync(client, "discharged")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await practice.Http.PostAsync($"/api/admin/clients/{client}/invitations", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.GetAsync($"/q/{open}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await practice.SubmitAsync(open, PracticeFixture.Answers())).StatusCode);
    }

    [Fact]
    public async Task DisplayCode_IsUniqueAmongATherapistsClientsWhateverTheCase()
    {
        var therapist = await practice.EnrolTherapistAsync($"codes-{Guid.NewGuid():N}@clinic.example");
        await practice.EnrolClientAsync(therapist, displayCode: "Q-7");
        var again = await Enrol(therapist, "q-7");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Q-7", await again.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var other = await practice.EnrolTherapistAsync($"codes-{Guid.NewGuid():N}@clinic.example");
        Assert.Equal(HttpStatusCode.Created, (await Enrol(other, "Q-7")).StatusCode);
    }

    [Fact]
    public async Task DisplayCode_EnrolledEightTimesAtOnce_IsGivenOnce()
    {
        var therapist = await practice.EnrolTherapistAsync($"codes-{Guid.NewGuid():N}@clinic.example");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Enrol(therapist, "RACE-1")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var caseload = await new TableCaseloads(new PracticeTables(practice.Tables)).ReadCaseloadAsync(therapist, CancellationToken.None);
        Assert.Single(caseload.Clients, c => c.DisplayCode == "RACE-1");
    }

    [Fact]
    public async Task DisplayCodeReservation_WhoseClientIsStillBeingWritten_IsKeptThenTakenOverOnceStale()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new TableCaseloads(new PracticeTables(practice.Tables, clock));
        var therapist = $"{Guid.NewGuid():N}";

        // The first enrolment has reserved the code and not yet written its client.
        Assert.True(await store.ReserveDisplayCodeAsync(therapist, "W-1", $"{Guid.NewGuid():N}", CancellationToken.None));
        Assert.False(await store.ReserveDisplayCodeAsync(therapist, "w-1", $"{Guid.NewGuid():N}", CancellationToken.None));

        // Its client never came: after the enrolment window the code is free to take.
        clock.Advance(PracticeTables.EnrolmentWindow + TimeSpan.FromSeconds(1));
        Assert.True(await store.ReserveDisplayCodeAsync(therapist, "W-1", $"{Guid.NewGuid():N}", CancellationToken.None));
    }

    [Fact]
    public async Task ReassigningAClient_MovesThemToTheNewCaseloadWithTheirHistory()
    {
        var from = await TherapistPractice.EnrolAsync(practice);
        var to = await TherapistPractice.EnrolAsync(practice);
        var client = await from.EnrolClientAsync("M-1");
        await from.AnswerAsync(client, TherapistPractice.Phq9(12));

        var moved = await practice.Http.PostAsJsonAsync($"/api/admin/clients/{client}/therapist", new { therapistId = to.Id });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var outcomes = await (await practice.Http.GetAsync($"/api/admin/clients/{client}/outcomes")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(to.Id, outcomes.GetProperty("client").GetProperty("therapistId").GetString());
        Assert.Equal(1, outcomes.GetProperty("responses").GetInt32());
        var store = new TableCaseloads(new PracticeTables(practice.Tables));
        Assert.Contains((await store.ReadCaseloadAsync(to.Id, CancellationToken.None)).Clients, c => c.ClientId == client && c.Responses == 1);
        Assert.DoesNotContain((await store.ReadCaseloadAsync(from.Id, CancellationToken.None)).Clients, c => c.ClientId == client);

        // The code now belongs to the new therapist's caseload: free again with the old one.
        Assert.Equal(HttpStatusCode.Created, (await Enrol(from.Id, "M-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await practice.Http.PostAsJsonAsync($"/api/admin/clients/{client}/therapist", new { therapistId = "nobody" })).StatusCode);
    }

    [Fact]
    public async Task ThirtyLinksAtOnceForOneClient_EachIssuedAndCountedOrA409_Never500()
    {
        var client = await practice.EnrolClientAsync(displayCode: "L-30");
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => practice.Http.PostAsync($"/api/admin/clients/{client}/invitations", null)));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var issued = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.True(issued > 0);

        // Every link handed out is in the client's record; none that was refused is.
        var rows = await practice.RowsAsync(client);
        Assert.Equal(issued, PracticeFixture.Count(rows, "invitation|"));
        var summary = (await new TableCaseloads(new PracticeTables(practice.Tables)).ReadCaseloadAsync(rows.Single(r => r.RowKey == "profile").GetString("TherapistId"), CancellationToken.None)).Clients.Single(c => c.ClientId == client);
        Assert.Equal(Math.Min(issued, 8), summary.Invitations.Count); // the summary keeps the last 8 for missed check-ins
    }

    private Task<HttpResponseMessage> SetStatusAsync(string client, string status) =>
        practice.Http.PostAsJsonAsync($"/api/admin/clients/{client}/status", new { status });

    private Task<HttpResponseMessage> Enrol(string therapist, string code) =>
        practice.Http.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist, displayCode = code, email = "c@clinic.example", instruments = new[] { "phq9" }, cadenceDays = 7, timeZone = "UTC" });
}
