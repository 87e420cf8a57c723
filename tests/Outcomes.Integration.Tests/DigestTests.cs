using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Practice.Digests;

namespace Outcomes.Integration.Tests;

/// <summary>The weekly digest: on the therapist's day and hour, once; on request; and the caseload page behind its link.</summary>
[Collection(nameof(PracticeCollection))]
public class DigestTests(PracticeFixture practice)
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public async Task ScheduledDigest_GoesOutOnTheTherapistsDayAndHourOncePerWeek()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice, digestDay: "friday", digestHour: 16);
        await therapist.EnrolClientAsync("D-1");
        var run = practice.Host.Services.GetRequiredService<DigestRun>();
        var friday = NextLocal(DayOfWeek.Friday, 16);

        await run.RunAsync(friday.AddMinutes(-1), CancellationToken.None);
        await run.RunAsync(friday, CancellationToken.None);
        await run.RunAsync(friday.AddMinutes(5), CancellationToken.None);
        await run.RunAsync(friday.AddDays(3), CancellationToken.None);
        var digest = Assert.Single(await therapist.EmailsAsync("Your weekly digest"));
        Assert.Contains("D-1", digest.HtmlBody, StringComparison.Ordinal);

        await run.RunAsync(friday.AddDays(7), CancellationToken.None);
        Assert.Equal(2, (await therapist.EmailsAsync("Your weekly digest", atLeast: 2)).Count);
    }

    [Fact]
    public async Task AdminRun_SendsTheDigestNowAndSaysWhatIsWrongWithABadRequest()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var response = await practice.Http.PostAsJsonAsync("/api/admin/digests/run", new { therapistId = therapist.Id });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sent").GetInt32());
        Assert.Single(await therapist.EmailsAsync("Your weekly digest"));

        foreach (var unknownId in new[] { Guid.NewGuid().ToString("N"), "../Therapists", "x'y" })
        {
            var unknown = await practice.Http.PostAsJsonAsync("/api/admin/digests/run", new { therapistId = unknownId });
            Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var wrongType = await practice.Http.PostAsJsonAsync("/api/admin/digests/run", new { therapistId = 7 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("therapistId", await wrongType.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var notJson = await practice.Http.PostAsync("/api/admin/digests/run", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, notJson.StatusCode);

        using var anonymous = new HttpClient { BaseAddress = practice.Http.BaseAddress };
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/admin/digests/run", null)).StatusCode);
        Assert.Single(await therapist.EmailsAsync("Your weekly digest"));
    }

    [Fact]
    public async Task Portal_ShowsTheClientsOwnWordsWhichTheEmailNeverCarries()
    {
        const string Words = "I noticed I apologise for <everything>";
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("D-2");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(8), breakthrough: 1, insight: Words);
        (await practice.Http.PostAsJsonAsync("/api/admin/digests/run", new { therapistId = therapist.Id })).EnsureSuccessStatusCode();

        var email = Assert.Single(await therapist.EmailsAsync("Your weekly digest"));
        Assert.Contains("new insight", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("apologise", email.HtmlBody + email.TextBody, StringComparison.Ordinal);

        // The email links into the portal, where the therapist signs in; no bearer link to a caseload any more.
        Assert.Contains($"{practice.Host.BaseUrl}/portal", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/t/", email.TextBody + email.HtmlBody, StringComparison.Ordinal);
        using var browser = new PortalBrowser(practice.Host);
        var page = await browser.SignInAsync(therapist.Email);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("I noticed I apologise for &lt;everything&gt;", html, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl!.NoStore);
        var audit = await practice.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/audit?days=1");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "caseload.viewed" && e.GetProperty("actor").GetString() == $"{therapist.Email} (therapist {therapist.Id})");

        // The retired caseload route finds nothing.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await practice.Http.GetAsync("/t/anything")).StatusCode);
    }

    /// <summary>The first <paramref name="day"/> at <paramref name="hour"/>:00 in London after now (so after the therapist enrolled), as an instant.</summary>
    private static DateTimeOffset NextLocal(DayOfWeek day, int hour)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(2);
        for (var local = TimeZoneInfo.ConvertTime(now, London).Date; ; local = local.AddDays(1))
        {
            var at = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local.AddHours(hour), London), TimeSpan.Zero);
            if (local.DayOfWeek == day && at > now)
            {
                return at;
            }
        }
    }
}
