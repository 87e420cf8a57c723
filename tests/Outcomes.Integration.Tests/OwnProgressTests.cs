using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Local;
using Outcomes.Practice;

namespace Outcomes.Integration.Tests;

/// <summary>A practice whose clients are shown their progress with milestone emails unless their therapist chooses otherwise; its clock is the test's.</summary>
public sealed class SharingPracticeFixture : PracticeFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    protected override IEnumerable<string> Arguments() => [.. base.Arguments(), "--Outcomes:Clients:ShareProgress=ShownWithEmails"];

    protected override LocalHostOptions Options(LocalHostOptions defaults) => defaults with { Time = Clock };
}

[CollectionDefinition(nameof(SharingPracticeCollection))]
public sealed class SharingPracticeCollection : ICollectionFixture<SharingPracticeFixture>;

/// <summary>
/// A client's own progress over real HTTP against Azurite (#25): from their link, after their
/// answer, behind a button a link scanner never presses; the milestone email once; nothing meant
/// for the therapist; the therapist's choice and preview in the portal.
/// </summary>
[Collection(nameof(SharingPracticeCollection))]
public class OwnProgressTests(SharingPracticeFixture practice)
{
    private const string Aha = "I don't have to earn a rest";

    /// <summary>Words a client must never read of their own course: the therapist's findings and clinical jargon.</summary>
    private static readonly string[] TherapistOnly =
        ["risk", "not on track", "deteriorat", "alliance", "trust", "cutoff", "caseness", "clinical", "sudden loss", "warning", "item 9", "better off dead"];

    /// <summary>A client's own browser: it keeps its cookies and does not follow redirects by itself.</summary>
    private HttpClient Browser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(practice.Host.BaseUrl) };

    private async Task<(TherapistPractice Therapist, string Client, string Email)> ClientAsync(params int[] phq9Totals)
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var email = $"client-{Guid.NewGuid():N}@clinic.example";
        var client = await practice.EnrolClientAsync(therapist.Id, displayCode: "P-1", email: email);
        foreach (var (total, i) in phq9Totals.Select((t, i) => (t, i)))
        {
            NextWeekIf(i > 0);
            await therapist.AnswerAsync(client, TherapistPractice.Phq9(total));
        }

        return (therapist, client, email);
    }

    /// <summary>Clients check in weekly: the clock moves a week before each check-in after the first.</summary>
    private void NextWeekIf(bool later = true)
    {
        if (later)
        {
            practice.Clock.Advance(TimeSpan.FromDays(7));
        }
    }

    /// <summary>The check-in form as a browser sends it: PHQ-9 at <paramref name="phq9"/> (item 9 at <paramref name="item9"/>), an 'aha' with words.</summary>
    private static FormUrlEncodedContent Form(int phq9, int item9 = 0, int trust = 3, string? aha = null)
    {
        var values = TherapistPractice.Phq9(phq9 - item9);
        values[8] = item9;
        var form = values.Select((v, i) => new KeyValuePair<string, string>($"phq9.{i + 1}", $"{v}")).ToList();
        form.AddRange(Enumerable.Range(1, 7).Select(i => new KeyValuePair<string, string>($"gad7.{i}", "1")));
        form.AddRange(new[] { "2", "2", "2", "2", "2", $"{trust}", aha is null ? "0" : "1" }.Select((v, i) => new KeyValuePair<string, string>($"checkin.{i + 1}", v)));
        if (aha is not null)
        {
            form.Add(new("checkin.7text", aha));
        }

        return new FormUrlEncodedContent(form);
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    private static string Text(string html) => new HtmlParser().ParseDocument(html).QuerySelector("main")!.TextContent;

    /// <summary>Where the page's "see your progress" button posts.</summary>
    private static string ButtonAction(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll("main form").Single().GetAttribute("action")!;

    [Fact]
    public async Task Answering_ShowsTheClientTheirProgressUnderTheThanks_WhileTheLinkAloneShowsOnlyAButton()
    {
        var (_, client, _) = await ClientAsync(18, 17, 18);
        NextWeekIf();
        var token = await practice.InviteAsync(client);
        using var browser = Browser();

        var answered = await browser.PostAsync($"/q/{token}", Form(9, aha: Aha));
        Assert.Equal(HttpStatusCode.SeeOther, answered.StatusCode);
        var cookie = Assert.Single(answered.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"{Outcomes.Api.ProgressSession.Cookie}=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        // The one who answered: thanks, then their progress, with their own words and help at the foot.
        var page = Text(await HtmlAsync(await browser.GetAsync(answered.Headers.Location)));
        Assert.Contains("Your answers have been received", page);
        Assert.Contains("A real improvement", page);
        Assert.Contains("Out of the range where you started", page);
        Assert.Contains($"“{Aha}”", page);
        Assert.Contains("Your mood (PHQ-9)", page);
        Assert.Contains("Your latest score is 9 (from 0 to 27), in the mild range.", page);
        Assert.Contains("If you need help now", page);
        Assert.Contains(PracticeFixture.ClinicContact, page);

        // Whoever else fetches the link — a mail scanner, a shared computer later — sees the thanks and a button, not the progress.
        using var scanner = Browser();
        var confirmation = await HtmlAsync(await scanner.GetAsync($"/q/{token}"));
        Assert.Contains("Your answers have been received", Text(confirmation));
        foreach (var secret in new[] { "A real improvement", Aha, "Your mood", "mild range", ">18<" })
        {
            Assert.DoesNotContain(secret, confirmation, StringComparison.Ordinal);
        }

        var action = ButtonAction(confirmation);
        Assert.StartsWith("/p/", action, StringComparison.Ordinal);
        var progressPage = await HtmlAsync(await scanner.GetAsync(action));
        Assert.Contains("Show my progress", progressPage);
        Assert.DoesNotContain("A real improvement", progressPage, StringComparison.Ordinal);

        // Pressing the button (a POST) shows it, and a reload keeps showing it.
        var asked = await scanner.PostAsync(action, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, asked.StatusCode);
        Assert.Equal(action, asked.Headers.Location!.OriginalString);
        Assert.Contains("A real improvement", Text(await HtmlAsync(await scanner.GetAsync(action))));
        Assert.Contains("A real improvement", Text(await HtmlAsync(await scanner.GetAsync(action))));
    }

    [Fact]
    public async Task NoFindingMeantForTheTherapist_EverReachesTheClientsPage()
    {
        // 9 → 17: reliable deterioration and not on track; trust 4 → 1: an alliance signal; then a risk answer.
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await practice.EnrolClientAsync(therapist.Id, displayCode: "P-2", email: $"client-{Guid.NewGuid():N}@clinic.example");
        foreach (var (total, trust) in new[] { (9, 4), (9, 4), (10, 3), (16, 2), (17, 2) })
        {
            await therapist.AnswerAsync(client, TherapistPractice.Phq9(total), trust);
            NextWeekIf();
        }

        var token = await practice.InviteAsync(client);
        using var browser = Browser();
        var answered = await browser.PostAsync($"/q/{token}", Form(18, item9: 1, trust: 1));
        var html = await HtmlAsync(await browser.GetAsync(answered.Headers.Location));

        // The crisis advice first, as after every risk answer; the progress under it, in plain words.
        var main = new HtmlParser().ParseDocument(html).QuerySelector("main")!;
        Assert.NotNull(main.QuerySelector(".crisis"));
        var progress = main.QuerySelector(".own-progress")!;
        Assert.Contains("Scores go up and down; it can help to talk about this with your therapist.", progress.TextContent);
        foreach (var word in TherapistOnly)
        {
            Assert.DoesNotContain(word, progress.TextContent, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(word, progress.InnerHtml, StringComparison.OrdinalIgnoreCase); // nor in the chart's description
        }

        // The therapist was told all of it.
        await practice.WaitForAsync(client, rows => PracticeFixture.Count(rows, "score|") == 6);
        var outcomes = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{client}/outcomes");
        var kinds = outcomes.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToList();
        Assert.Contains("RiskAnswer", kinds);
        Assert.Contains("ReliableDeterioration", kinds);
        Assert.Contains("AllianceSignal", kinds);
    }

    [Fact]
    public async Task MilestoneEmail_ComesOncePerCheckIn_NamingNoScoreOrQuestionnaire_AndItsLinkEndsWithTheCheckInsLink()
    {
        var (_, client, email) = await ClientAsync(18, 17, 18, 9);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));

        var milestone = Assert.Single(await practice.EmailsToAsync(email, 1, m => m.Subject?.StartsWith("You reached a milestone", StringComparison.Ordinal) == true));
        Assert.Equal("You reached a milestone – Outcomes", milestone.Subject);
        var body = milestone.TextBody!;
        Assert.Contains("A real improvement", body);
        Assert.Contains("Out of the range where you started", body);
        var link = TherapistPractice.Link(milestone, "p");
        foreach (var word in TherapistOnly.Concat(["PHQ", "GAD", "score", "18", "P-1"]))
        {
            Assert.DoesNotContain(word, body.Replace(link, "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(word, milestone.HtmlBody!.Replace(link, "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }

        // The same check-in scored again (a queue message delivered twice): still one email.
        var rows = await practice.RowsAsync(client);
        var latest = rows.Where(r => r.RowKey.StartsWith("response|", StringComparison.Ordinal)).Max(r => r.RowKey)!["response|".Length..];
        Assert.Equal(ScoringOutcome.AlreadyScored, await practice.Host.Services.GetRequiredService<ResponseScoring>().ScoreAsync(new ScoreRequest(client, latest), CancellationToken.None));
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        Assert.Single(await practice.EmailsToAsync(email, 1, m => m.Subject?.StartsWith("You reached a milestone", StringComparison.Ordinal) == true));

        // The email's link: a button first, the progress after it is pressed.
        var path = new Uri(link).PathAndQuery;
        using var browser = Browser();
        Assert.Contains("Show my progress", await HtmlAsync(await browser.GetAsync(path)));
        await browser.PostAsync(path, new FormUrlEncodedContent([]));
        Assert.Contains("A real improvement", Text(await HtmlAsync(await browser.GetAsync(path))));

        // Once the check-in's link has ended (7 days after it was issued), so has this one: kindly, showing nothing.
        practice.Clock.Advance(TimeSpan.FromDays(8));
        var ended = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, ended.StatusCode);
        var endedText = Text(await HtmlAsync(ended));
        Assert.Contains("This link no longer shows your progress", endedText);
        Assert.DoesNotContain("A real improvement", endedText);

        // A forged or altered link: the same page.
        var forged = path[..^2] + (path[^2] == 'A' ? "BB" : "AA");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync(forged, new FormUrlEncodedContent([]))).StatusCode);
    }

    [Fact]
    public async Task NoMilestoneEmail_ForAPausedClient_OrAfterARiskAnswer()
    {
        using var browser = Browser();
        var (_, paused, pausedEmail) = await ClientAsync(18, 17, 18);
        NextWeekIf();
        var token = await practice.InviteAsync(paused);
        (await practice.Http.PostAsJsonAsync($"/api/admin/clients/{paused}/status", new { status = "paused" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.PostAsync($"/q/{token}", Form(9))).StatusCode);

        var (_, risky, riskyEmail) = await ClientAsync(18, 17, 18);
        NextWeekIf();
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.PostAsync($"/q/{await practice.InviteAsync(risky)}", Form(9, item9: 1))).StatusCode);

        await practice.WaitForAsync(paused, rows => PracticeFixture.Count(rows, "score|") == 4);
        await practice.WaitForAsync(risky, rows => PracticeFixture.Count(rows, "score|") == 4);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(await practice.EmailsToAsync(pausedEmail, 0, m => m.Subject?.StartsWith("You reached", StringComparison.Ordinal) == true));
        Assert.Empty(await practice.EmailsToAsync(riskyEmail, 0, m => m.Subject?.StartsWith("You reached", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task TwoViewsAtOnce_AreNotedOnce_AndTheTherapistSeesWhatToCelebrate()
    {
        var (therapist, client, _) = await ClientAsync(18, 17, 18);
        NextWeekIf();
        var token = await practice.InviteAsync(client);
        using var browser = Browser();
        var answered = await browser.PostAsync($"/q/{token}", Form(9, aha: Aha));

        // The confirmation opened twice at once (two tabs): both show the page, one view is noted.
        var views = await Task.WhenAll(browser.GetAsync(answered.Headers.Location), browser.GetAsync(answered.Headers.Location));
        Assert.All(views, v => Assert.Equal(HttpStatusCode.OK, v.StatusCode));
        var seen = Assert.Single(await practice.RowsAsync(client), r => r.RowKey == "progress-seen");
        Assert.Equal(1, seen.GetInt32("Views"));
        Assert.Equal(practice.Clock.GetUtcNow(), seen.GetDateTimeOffset("SeenAt"));

        // A reload with nothing new writes nothing.
        await browser.GetAsync(answered.Headers.Location);
        Assert.Equal(1, Assert.Single(await practice.RowsAsync(client), r => r.RowKey == "progress-seen").GetInt32("Views"));

        // The therapist's page: what the client has seen, to celebrate in session, and the client's page as they see it.
        using var portal = new PortalBrowser(practice.Host);
        await portal.SignInAsync(therapist.Email);
        var page = new HtmlParser().ParseDocument(await HtmlAsync(await portal.GetAsync($"/portal/clients/{client}")));
        var sharing = page.QuerySelector("#sharing")!;
        Assert.Contains("Celebrate in session", sharing.TextContent);
        Assert.Contains("A real improvement", sharing.QuerySelector(".done")!.TextContent);
        Assert.Contains("Shown, and milestones emailed to the client (the practice's default)", sharing.TextContent);
        var preview = sharing.QuerySelector(".preview")!.TextContent;
        Assert.Contains($"“{Aha}”", preview);
        Assert.Contains("Your latest score is 9 (from 0 to 27), in the mild range.", preview);
    }

    [Fact]
    public async Task TheTherapistsChoice_IsAuditedAndTakesEffect_NotSharedShowsNothing()
    {
        var (therapist, client, _) = await ClientAsync(18, 17);
        NextWeekIf();
        var token = await practice.InviteAsync(client);
        using var portal = new PortalBrowser(practice.Host);
        await portal.SignInAsync(therapist.Email);

        var saved = await portal.PostFormAsync($"/portal/clients/{client}", $"/portal/clients/{client}/sharing", ("shareProgress", nameof(ProgressSharing.NotShared)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = Text(await HtmlAsync(await portal.GetAsync(saved.Headers.Location!.OriginalString)));
        Assert.Contains("Now: Not shared.", page.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        var audit = await practice.Http.GetFromJsonAsync<JsonElement>("/api/admin/audit?days=1");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("clientId").GetString() == client && e.GetProperty("detail").GetString() == "progress: not shared");

        // The client answers: thanks, and nothing of their progress — not even the button.
        using var browser = Browser();
        var answered = await browser.PostAsync($"/q/{token}", Form(9));
        var confirmation = await HtmlAsync(await browser.GetAsync(answered.Headers.Location));
        Assert.Contains("Your answers have been received", confirmation);
        Assert.DoesNotContain("own-progress", confirmation, StringComparison.Ordinal);
        Assert.Empty(new HtmlParser().ParseDocument(confirmation).QuerySelectorAll("main form"));

        // A choice that is not one of the three changes nothing and says why.
        var refused = await portal.PostFormAsync($"/portal/clients/{client}", $"/portal/clients/{client}/sharing", ("shareProgress", "everything"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Nothing was changed", Text(await HtmlAsync(refused)));
    }

    [Fact]
    public async Task WithoutStorageForTheProgress_TheThanksAndTheCrisisAdviceStillCome()
    {
        var (_, client, _) = await ClientAsync(18, 17, 18);
        NextWeekIf();
        var token = await practice.InviteAsync(client);
        using var browser = Browser();
        var answered = await browser.PostAsync($"/q/{token}", Form(9, item9: 1));
        Assert.Equal(HttpStatusCode.SeeOther, answered.StatusCode);

        // The link's own record is read (a point read); the client's whole file, for the progress, cannot be.
        practice.Outage.FailWhen = message => message.Request.Method == Azure.Core.RequestMethod.Get && message.Request.Uri.Path.EndsWith("/Clients()", StringComparison.Ordinal);
        HttpResponseMessage confirmation;
        try
        {
            confirmation = await browser.GetAsync(answered.Headers.Location);
        }
        finally
        {
            practice.Outage.FailWhen = null;
        }

        Assert.Equal(HttpStatusCode.OK, confirmation.StatusCode);
        var main = new HtmlParser().ParseDocument(await HtmlAsync(confirmation)).QuerySelector("main")!;
        Assert.NotNull(main.QuerySelector(".crisis"));
        Assert.Null(main.QuerySelector(".own-progress"));

        // Storage back: the same page shows the progress under them.
        Assert.NotNull(new HtmlParser().ParseDocument(await HtmlAsync(await browser.GetAsync(answered.Headers.Location))).QuerySelector("main .own-progress"));
    }
}
