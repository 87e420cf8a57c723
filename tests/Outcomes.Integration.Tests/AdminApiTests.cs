using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Outcomes.Integration.Tests;

[Collection(nameof(PracticeCollection))]
public class AdminApiTests(PracticeFixture practice)
{
    [Theory]
    [InlineData("POST", "/api/admin/therapists")]
    [InlineData("POST", "/api/admin/clients")]
    [InlineData("GET", "/api/admin/clients/0123456789abcdef0123456789abcdef/outcomes")]
    [InlineData("POST", "/api/admin/digests/run")]
    public async Task AdminRoutes_Are401WithoutTheKey(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = practice.Http.BaseAddress };
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
    }

    [Fact]
    public async Task EnrolTherapist_BadFieldsAreEachNamed()
    {
        var response = await practice.Http.PostAsJsonAsync("/api/admin/therapists", new { name = "", email = "not an email", timeZone = "Mars/Olympus" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["email", "name", "timeZone"], fields.Order());
    }

    [Fact]
    public async Task EnrolTherapist_DigestDayAndHourAreCheckedAndKept()
    {
        var bad = await practice.Http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr D", email = "d@clinic.example", timeZone = "UTC", digestDay = "funday", digestHour = 24 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var fields = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["digestDay", "digestHour"], fields.Order());

        var good = await practice.Http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr D", email = "d@clinic.example", timeZone = "UTC", digestDay = "Thursday", digestHour = 0 });
        var id = (await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var therapist = await practice.Host.Services.GetRequiredService<Practice.ITherapists>().FindTherapistAsync(id, CancellationToken.None);
        Assert.Equal((DayOfWeek.Thursday, 0), (therapist!.DigestDay, therapist.DigestHour));
    }

    [Fact]
    public async Task EnrolClient_UnknownTherapistOrInstrumentIs400()
    {
        var unknown = await practice.Http.PostAsJsonAsync("/api/admin/clients", new
        {
            therapistId = "0123456789abcdef0123456789abcdef", displayCode = "X", email = "x@clinic.example", instruments = new[] { "phq9", "bdi" }, cadenceDays = 7, timeZone = "UTC",
        });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'bdi' is not an instrument of this clinic", await unknown.Content.ReadAsStringAsync());

        var noTherapist = await practice.Http.PostAsJsonAsync("/api/admin/clients", new
        {
            therapistId = "0123456789abcdef0123456789abcdef", displayCode = "X", email = "x@clinic.example", instruments = new[] { "phq9" }, cadenceDays = 7, timeZone = "UTC",
        });
        Assert.Contains("no therapist", await noTherapist.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Invitation_ForAnUnknownClientIs404AndForAKnownOneIsALink()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.PostAsync("/api/admin/clients/0123456789abcdef0123456789abcdef/invitations", null)).StatusCode);

        var client = await practice.EnrolClientAsync();
        var response = await practice.Http.PostAsync($"/api/admin/clients/{client}/invitations", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^http://127\\.0\\.0\\.1:\\d+/q/[A-Za-z0-9_-]{64}$", body.GetProperty("url").GetString());
        var expires = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(6.9), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task TokensAreStoredOnlyAsHashes()
    {
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);
        var rows = await practice.RowsAsync(client);
        var invitation = Assert.Single(rows, r => r.RowKey.StartsWith("invitation|", StringComparison.Ordinal));
        Assert.DoesNotContain(token, string.Join("|", invitation.Select(p => p.Value?.ToString())));
        Assert.Matches("^invitation\\|[0-9a-f]{64}$", invitation.RowKey);
    }

    [Fact]
    public async Task Outcomes_OfAnUnknownClientIs404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.GetAsync("/api/admin/clients/0123456789abcdef0123456789abcdef/outcomes")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.GetAsync("/api/admin/clients/..%2F..%2Fetc/outcomes")).StatusCode);
    }

    [Fact]
    public async Task AdminCalls_AreAuditedByTheirKeysFingerprint_NeverTheKey()
    {
        var response = await practice.Http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr Fingerprint", email = $"fp-{Guid.NewGuid():N}@clinic.example", timeZone = "UTC" });
        response.EnsureSuccessStatusCode();

        var audit = await practice.Http.GetStringAsync("/api/admin/audit?days=1");
        Assert.Contains($"admin key {Outcomes.Api.AdminCaller.Fingerprint(PracticeFixture.AdminKey)}", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(PracticeFixture.AdminKey, audit, StringComparison.Ordinal);

        // Two people's keys (two Functions keys in Azure) are told apart.
        Assert.NotEqual(Outcomes.Api.AdminCaller.Fingerprint("alice's key"), Outcomes.Api.AdminCaller.Fingerprint("bob's key"));
    }
}
