using System.Net;
using System.Text.RegularExpressions;

namespace Outcomes.Integration.Tests;

/// <summary>The questionnaire page over real HTTP: what a client's browser receives and sends.</summary>
[Collection(nameof(PracticeCollection))]
public partial class QuestionnairePageTests(PracticeFixture practice)
{
    private static readonly Dictionary<string, string> Complete = new()
    {
        ["phq9.1"] = "1", ["phq9.2"] = "1", ["phq9.3"] = "0", ["phq9.4"] = "2", ["phq9.5"] = "0", ["phq9.6"] = "1", ["phq9.7"] = "0", ["phq9.8"] = "0", ["phq9.9"] = "0",
        ["gad7.1"] = "1", ["gad7.2"] = "1", ["gad7.3"] = "1", ["gad7.4"] = "0", ["gad7.5"] = "0", ["gad7.6"] = "1", ["gad7.7"] = "0",
        ["checkin.1"] = "3", ["checkin.2"] = "3", ["checkin.3"] = "2", ["checkin.4"] = "2", ["checkin.5"] = "2", ["checkin.6"] = "4", ["checkin.7"] = "1", ["checkin.7text"] = "I noticed <b>why</b> I avoid calls",
    };

    private async Task<(string Client, string Token)> LinkAsync()
    {
        var client = await practice.EnrolClientAsync();
        return (client, await practice.InviteAsync(client));
    }

    [Fact]
    public async Task Page_HasEachQuestionnaireAsAFieldsetWithLabelledRadiosAndTheCopyrightLine()
    {
        var (_, token) = await LinkAsync();
        var response = await practice.Http.GetAsync($"/q/{token}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Equal(3, Regex.Count(html, "<fieldset"));
        Assert.Contains("<legend>Part 1 of 3: Patient Health Questionnaire (PHQ-9)</legend>", html);
        Assert.Contains("<legend>Part 3 of 3: Session check-in</legend>", html);
        Assert.Contains(">9. Thoughts that you would be better off dead", html);
        Assert.Contains("Over the last 2 weeks, how often have you been bothered by any of the following problems?", html);
        Assert.Contains("<label><input type=\"radio\" name=\"phq9.9\" value=\"3\" required />Nearly every day</label>", html);
        Assert.Equal(1, Regex.Count(html, "Developed by Drs. Robert L. Spitzer")); // the PHQ's attribution, once
        Assert.DoesNotContain("not a validated instrument", html); // a note for clinicians, not clients
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task Page_SendsStrictSecurityHeaders()
    {
        var (_, token) = await LinkAsync();
        var response = await practice.Http.GetAsync($"/q/{token}");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task SubmittingWithGaps_ShowsAnErrorSummaryLinkingEachFieldAndKeepsTheAnswers()
    {
        var (client, token) = await LinkAsync();
        var partial = Complete.Where(p => p.Key is not ("phq9.9" or "gad7.3")).ToDictionary();

        var response = await practice.Http.PostAsync($"/q/{token}", new FormUrlEncodedContent(partial));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<div class=\"errors\" role=\"alert\"", html);
        // The summary numbers the questions as the page does.
        Assert.Contains("<a href=\"#phq9.9\">Part 1 (PHQ-9), question 9: please answer this question</a>", html);
        Assert.Contains("<a href=\"#gad7.3\">Part 2 (GAD-7), question 3: please answer this question</a>", html);
        Assert.Contains(">3. Worrying too much about different things", html);
        Assert.Contains("name=\"phq9.1\" value=\"1\" checked", html);
        Assert.Contains("I noticed &lt;b&gt;why&lt;/b&gt; I avoid calls</textarea>", html);
        Assert.Equal(0, PracticeFixture.Count(await practice.RowsAsync(client), "response|"));
    }

    [Fact]
    public async Task CompleteAnswers_AreStoredScoredAndRedirectedToTheLinksConfirmation()
    {
        var (client, token) = await LinkAsync();
        using var browser = NotFollowingRedirects();

        var response = await browser.PostAsync($"/q/{token}", new FormUrlEncodedContent(Complete));

        // Post/redirect/get: the link's own address shows the confirmation from now on.
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/q/{token}", response.Headers.Location!.OriginalString);
        var confirmation = await browser.GetAsync(response.Headers.Location);
        var html = await confirmation.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, confirmation.StatusCode);
        Assert.Contains("Your answers have been received", html);
        Assert.DoesNotContain("class=\"crisis\"", html);
        await practice.WaitForAsync(client, r => PracticeFixture.Count(r, "score|") == 1);

        // Sent again (Back, then send): the same confirmation, and nothing stored twice.
        var again = await browser.PostAsync($"/q/{token}", new FormUrlEncodedContent(Complete));
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        Assert.Equal($"/q/{token}", again.Headers.Location!.OriginalString);
        Assert.Equal(1, PracticeFixture.Count(await practice.RowsAsync(client), "response|"));
    }

    [Fact]
    public async Task RiskAnswer_ShowsCrisisResourcesAtOnce()
    {
        var (_, token) = await LinkAsync();
        var risk = new Dictionary<string, string>(Complete) { ["phq9.9"] = "1" };

        var html = await (await practice.Http.PostAsync($"/q/{token}", new FormUrlEncodedContent(risk))).Content.ReadAsStringAsync();

        Assert.Contains("class=\"crisis\"", html);
        Assert.Contains("Your therapist has been told", html);

        // This clinic lists no crisis services: the advice every client can use wherever they are, and no country's numbers.
        Assert.Contains("call your local emergency number now", html);
        foreach (var national in new[] { "999", "112", "911", "116 123", "Samaritans", "tel:" })
        {
            Assert.DoesNotContain(national, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RiskAnswer_CrisisAdviceStaysAfterADoubleTapBackAndSendAgainOrAReload()
    {
        var (client, token) = await LinkAsync();
        var risk = new Dictionary<string, string>(Complete) { ["phq9.9"] = "2" };

        // A double tap: two posts of the same form at once; whichever loses still lands on the advice.
        var taps = await Task.WhenAll(
            practice.Http.PostAsync($"/q/{token}", new FormUrlEncodedContent(risk)),
            practice.Http.PostAsync($"/q/{token}", new FormUrlEncodedContent(risk)));
        // Back, and the form sent again, even with the risk answer changed on the way.
        var resent = await practice.Http.PostAsync($"/q/{token}", new FormUrlEncodedContent(Complete));
        var reload = await practice.Http.GetAsync($"/q/{token}");

        foreach (var page in taps.Append(resent).Append(reload))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("class=\"crisis\"", html);
            Assert.Contains("call your local emergency number now", html);
        }

        Assert.Equal(1, PracticeFixture.Count(await practice.RowsAsync(client), "response|"));
    }

    [Fact]
    public async Task NoRiskAnswer_ItsConfirmationNeverShowsCrisisAdvice()
    {
        var (_, token) = await LinkAsync();
        await practice.Http.PostAsync($"/q/{token}", new FormUrlEncodedContent(Complete));

        // Answered without a risk answer; a second post carrying one changes nothing, and says so by the same confirmation.
        var resent = await practice.Http.PostAsync($"/q/{token}", new FormUrlEncodedContent(new Dictionary<string, string>(Complete) { ["phq9.9"] = "3" }));
        var reload = await practice.Http.GetAsync($"/q/{token}");

        foreach (var page in new[] { resent, reload })
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Your answers have been received", html);
            Assert.DoesNotContain("class=\"crisis\"", html);
        }
    }

    [Fact]
    public async Task FreeText_IsKeptAsTextOnly_WithoutDirectionOrInvisibleCharacters()
    {
        var (client, token) = await LinkAsync();
        var typed = new Dictionary<string, string>(Complete) { ["checkin.7text"] = "I saw\u202E it \u200Bclearly\u0007\r\nnow" };

        await practice.Http.PostAsync($"/q/{token}", new FormUrlEncodedContent(typed));

        var data = await practice.Http.GetStringAsync($"/api/admin/clients/{client}/data");
        Assert.Contains("I saw it clearly\\nnow", data, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u202E", data, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u200B", data, StringComparison.OrdinalIgnoreCase);
    }

    private HttpClient NotFollowingRedirects() =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = practice.Http.BaseAddress };

    [Fact]
    public async Task UnknownOrTamperedLink_GetsOneNeutral404Page()
    {
        var (_, token) = await LinkAsync();
        var tampered = await practice.Http.GetAsync($"/q/{token[..^3]}xyz");
        var unknown = await practice.Http.GetAsync("/q/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await tampered.Content.ReadAsStringAsync());

        // It says how to reach the clinic, not whether the link expired or was used.
        var html = await unknown.Content.ReadAsStringAsync();
        Assert.Contains("This link has expired or has already been used.", html);
        Assert.Contains($"To reach Outcomes, or to ask for a new link: {PracticeFixture.ClinicContact}.", html);
    }
}
