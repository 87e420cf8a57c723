using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Local;

namespace Outcomes.Integration.Tests;

/// <summary>A practice whose clock the test moves on, with no timers: only sessions age.</summary>
public sealed class SessionClockFixture : PracticeFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override LocalHostOptions Options(LocalHostOptions defaults) => defaults with { Time = Clock };
}

[CollectionDefinition(nameof(SessionClockCollection))]
public sealed class SessionClockCollection : ICollectionFixture<SessionClockFixture>;

/// <summary>A portal session lasts 30 minutes from the last request and 8 hours from sign-in at most; then the provider is asked again.</summary>
[Collection(nameof(SessionClockCollection))]
public class PortalSessionTests(SessionClockFixture practice)
{
    [Fact]
    public async Task Session_EndsAfterThirtyIdleMinutes()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);

        practice.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/portal")).StatusCode);
        practice.Clock.Advance(TimeSpan.FromMinutes(29)); // 58 minutes since sign-in, 29 since the last request
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/portal")).StatusCode);

        practice.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await browser.GetAsync("/portal/admin");
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith($"{practice.Host.BaseUrl}/connect/authorize?", expired.Headers.Location!.ToString(), StringComparison.Ordinal);

        // Signing in again comes back to where the person was going.
        var again = await browser.SignInAsync(therapist.Email, "/portal/admin");
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode); // the admin page, which is not for a therapist
    }

    [Fact]
    public async Task AcknowledgementSentAfterTheSessionEnded_ChangesNothing_IsKeptThroughSignIn_AndIsSentWhenPressedAgain()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("E-1");
        await therapist.AnswerAsync(client, [1, 1, 1, 1, 1, 1, 1, 1, 2]);
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);
        var clientPage = $"/portal/clients/{client}";
        var page = new HtmlParser().ParseDocument(await (await browser.GetAsync(clientPage)).Content.ReadAsStringAsync());
        var alertKey = page.QuerySelector("#alerts input[name=alert]")!.GetAttribute("value")!;
        const string Note = "Called the client; safety plan reviewed";

        // The therapist reads, types their note, and presses the button 31 minutes later: the session has ended.
        practice.Clock.Advance(TimeSpan.FromMinutes(31));
        var late = await browser.PostAsync($"{clientPage}/acknowledge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Outcomes.Views.Portal.PortalForm.AntiforgeryField] = PortalBrowser.Token(page.DocumentElement.OuterHtml),
            ["alert"] = alertKey,
            ["note"] = Note,
        }));
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.StartsWith($"{practice.Host.BaseUrl}/connect/authorize?", late.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await AlertAsync(client)).GetProperty("acknowledgedAt").ValueKind);

        // Signed in again, the client page shows the alert still waiting, with the note as typed and why it was not sent.
        var back = await (await browser.SignInAsync(therapist.Email, clientPage)).Content.ReadAsStringAsync();
        var form = new HtmlParser().ParseDocument(back).QuerySelector("#alerts form")!;
        Assert.Contains("Not yet acknowledged", back, StringComparison.Ordinal);
        Assert.Equal(Note, form.QuerySelector("textarea[name=note]")!.TextContent);
        Assert.Contains("Your session had ended before this was sent", form.TextContent, StringComparison.Ordinal);

        // Given back once: the page after that is as usual.
        Assert.DoesNotContain("Your session had ended", await (await browser.GetAsync(clientPage)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // One press: acknowledged, with the note.
        var sent = await browser.PostFormAsync(clientPage, $"{clientPage}/acknowledge", ("alert", alertKey), ("note", Note));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var alert = await AlertAsync(client);
        Assert.NotEqual(JsonValueKind.Null, alert.GetProperty("acknowledgedAt").ValueKind);
        Assert.Equal(Note, alert.GetProperty("acknowledgementNote").GetString());
    }

    [Fact]
    public async Task ASharingChoiceSentAfterTheSessionEnded_ChangesNothing_AndComesBackChosenAfterSignIn()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("S-1");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(12));
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);
        var clientPage = $"/portal/clients/{client}";
        var token = PortalBrowser.Token(await (await browser.GetAsync(clientPage)).Content.ReadAsStringAsync());

        practice.Clock.Advance(TimeSpan.FromMinutes(31));
        var late = await browser.PostAsync($"{clientPage}/sharing", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Outcomes.Views.Portal.PortalForm.AntiforgeryField] = token,
            ["shareProgress"] = "ShownWithEmails",
        }));
        Assert.StartsWith($"{practice.Host.BaseUrl}/connect/authorize?", late.Headers.Location!.ToString(), StringComparison.Ordinal);

        // Signed in again: nothing saved, the choice shown chosen with why, for one press.
        var sharing = new HtmlParser().ParseDocument(await (await browser.SignInAsync(therapist.Email, clientPage)).Content.ReadAsStringAsync()).QuerySelector("#sharing")!;
        Assert.Contains("Now: Not shared (the practice's default).", string.Join(' ', sharing.TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Contains("Your session had ended before this was saved", sharing.TextContent, StringComparison.Ordinal);
        Assert.Equal("ShownWithEmails", sharing.QuerySelector("input[name=shareProgress][checked]")!.GetAttribute("value"));

        var saved = await browser.PostFormAsync(clientPage, $"{clientPage}/sharing", ("shareProgress", "ShownWithEmails"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Now: Shown, and milestones emailed to the client.", string.Join(' ', new HtmlParser().ParseDocument(await (await browser.GetAsync(clientPage)).Content.ReadAsStringAsync()).QuerySelector("#sharing")!.TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddClientFormSentAfterTheSessionEnded_AddsNobody_AndComesBackFilledInAfterSignIn()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);
        var caseload = await (await browser.GetAsync("/portal")).Content.ReadAsStringAsync();

        practice.Clock.Advance(TimeSpan.FromMinutes(31));
        var late = await browser.PostAsync("/portal/clients", new FormUrlEncodedContent(
        [
            new(Outcomes.Views.Portal.PortalForm.AntiforgeryField, PortalBrowser.Token(caseload)),
            new("displayCode", "K-31"), new("email", "k31@clinic.example"), new("instruments", "phq9"), new("instruments", "checkin"), new("cadenceDays", "14"), new("timeZone", "Europe/Paris"),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);

        var back = new HtmlParser().ParseDocument(await (await browser.SignInAsync(therapist.Email, "/portal")).Content.ReadAsStringAsync());
        Assert.Contains("Your session had ended before this was sent, so nothing was saved", back.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        var form = back.QuerySelector("#add-client form")!;
        Assert.True(back.QuerySelector("#add-client")!.HasAttribute("open"));
        Assert.Equal("K-31", form.QuerySelector("#a-code")!.GetAttribute("value"));
        Assert.Equal("14", form.QuerySelector("#a-cadence")!.GetAttribute("value"));
        Assert.Equal("Europe/Paris", form.QuerySelector("#a-zone")!.GetAttribute("value"));
        Assert.Equal(["phq9", "checkin"], form.QuerySelectorAll("input[name=instruments][checked]").Select(i => i.GetAttribute("value")));
        Assert.DoesNotContain("K-31", back.QuerySelector("main")!.TextContent.Replace(form.TextContent, "", StringComparison.Ordinal), StringComparison.Ordinal); // nobody added
    }

    private async Task<JsonElement> AlertAsync(string client) =>
        (await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{client}/outcomes")).GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "RiskAnswer");

    [Fact]
    public async Task Session_EndsEightHoursAfterSignIn_HoweverBusy()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(7.75); elapsed += TimeSpan.FromMinutes(25))
        {
            practice.Clock.Advance(TimeSpan.FromMinutes(25));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/portal")).StatusCode);
        }

        practice.Clock.Advance(TimeSpan.FromMinutes(25)); // past 8 hours
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/portal")).StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSessionForEveryCopyOfItsCookie()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);
        using var copy = new PortalBrowser(practice.Host);
        foreach (System.Net.Cookie cookie in browser.Cookies.GetAllCookies())
        {
            copy.Cookies.Add(cookie); // taken before sign-out: a shared computer, a stolen cookie
        }

        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/portal")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.PostFormAsync("/portal", "/portal/sign-out")).StatusCode);

        var afterwards = await copy.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith($"{practice.Host.BaseUrl}/connect/authorize?", afterwards.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdmin_EndsAllOfAPersonsSessions_OnEveryDevice()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var laptop = new PortalBrowser(practice.Host);
        using var phone = new PortalBrowser(practice.Host);
        await laptop.SignInAsync(therapist.Email);
        await phone.SignInAsync(therapist.Email);
        var someoneElse = await TherapistPractice.EnrolAsync(practice);
        using var theirs = new PortalBrowser(practice.Host);
        await theirs.SignInAsync(someoneElse.Email);
        using var admin = new PortalBrowser(practice.Host);
        await admin.SignInAsync(Outcomes.Local.SignIn.LocalIdentityProvider.AdminEmail);

        var ended = await admin.PostFormAsync("/portal/admin", "/portal/admin/sessions", ("email", therapist.Email.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Contains("2 sessions were ended", await (await admin.GetAsync(ended.Headers.Location!.ToString())).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/portal")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/portal")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await theirs.GetAsync("/portal")).StatusCode); // nobody else's
        var audit = await practice.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/audit?days=1");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "sessions.ended" && e.GetProperty("actor").GetString()!.StartsWith(Outcomes.Local.SignIn.LocalIdentityProvider.AdminEmail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignOut_EndsTheSession_AndNeedsThePagesToken()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);

        var forged = await browser.PostAsync("/portal/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/portal")).StatusCode);

        var signedOut = await browser.PostFormAsync("/portal", "/portal/sign-out");
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Contains("You are signed out", await signedOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/portal")).StatusCode);
    }
}
