using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Outcomes.Local.SignIn;

namespace Outcomes.Integration.Tests;

/// <summary>
/// The portal over real HTTP, signed in through the local host's real OpenID Connect provider:
/// the code flow with PKCE, who reaches what, acknowledging from a client's page, forged posts.
/// </summary>
[Collection(nameof(PracticeCollection))]
public class PortalTests(PracticeFixture practice)
{
    private static readonly int[] RiskAnswer = [1, 1, 1, 1, 1, 1, 1, 1, 2];

    [Fact]
    public async Task TheClinicsAddress_IsAPageLinkingThePortalAndTheApiDescription_AndEachLinkWorks()
    {
        var home = await practice.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        using var page = new HtmlParser().ParseDocument(await home.Content.ReadAsStringAsync());
        var links = page.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/portal", "/api/openapi.json"], links);
        Assert.Contains("admin key", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await practice.Http.GetAsync("/api/openapi.json")).StatusCode);
        using var browser = new PortalBrowser(practice.Host);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/portal")).StatusCode); // to sign in

        // Only the root: any other unknown address is still 404.
        Assert.Equal(HttpStatusCode.NotFound, (await practice.Http.GetAsync("/nothing-here")).StatusCode);
    }

    [Fact]
    public async Task SignIn_IsTheCodeFlowWithPkceFromTheProvidersDiscoveryDocument()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var browser = new PortalBrowser(practice.Host);

        var discovery = await browser.GetAsync("/.well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        var metadata = await discovery.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(practice.Host.BaseUrl + "/", metadata.GetProperty("issuer").GetString());
        Assert.Contains("S256", metadata.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));

        // No session: the portal sends the person to the provider's authorization endpoint, with PKCE.
        var challenge = await browser.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Equal(metadata.GetProperty("authorization_endpoint").GetString(), authorize.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(LocalIdentityProvider.ClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.Equal($"{practice.Host.BaseUrl}/signin-oidc", query["redirect_uri"]);
        Assert.Contains("openid", query["scope"]!.Split(' '));

        // A wrong password is refused on the provider's page, and nothing is signed in.
        var signInPage = await browser.GetAsync(authorize.PathAndQuery);
        var fields = PortalBrowser.Form(await signInPage.Content.ReadAsStringAsync());
        fields["email"] = therapist.Email;
        fields["password"] = "not the password";
        var refused = await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("do not match", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/portal")).StatusCode);

        var page = await browser.SignInAsync(therapist.Email);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Your caseload</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The session cookie: encrypted, out of scripts' reach, not sent on another site's posts.
        var session = browser.SessionCookie!;
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(therapist.Email, Uri.UnescapeDataString(session), StringComparison.OrdinalIgnoreCase);

        // The code cannot be used twice: replaying the provider's redirect starts nothing.
        var replay = await browser.GetAsync(browser.Callback!.PathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("Sign-in did not complete", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPageAndAction_ReachesOnlyWhoItIsFor()
    {
        var own = await TherapistPractice.EnrolAsync(practice);
        var other = await TherapistPractice.EnrolAsync(practice);
        var client = await own.EnrolClientAsync("M-1");
        await own.AnswerAsync(client, RiskAnswer);
        string[] pages = ["/portal", $"/portal/clients/{client}", $"/portal/clients/{client}/print", "/portal/admin", "/portal/admin/audit"];
        string[] actions = [$"/portal/clients/{client}/acknowledge", "/portal/admin/therapists", "/portal/admin/clients", $"/portal/admin/clients/{client}", "/portal/sign-out"];

        // Nobody signed in: every page and every action goes to the provider's sign-in, and changes nothing.
        using (var anonymous = new PortalBrowser(practice.Host))
        {
            foreach (var path in pages)
            {
                Assert.StartsWith($"{practice.Host.BaseUrl}/connect/authorize?", (await anonymous.GetAsync(path)).Headers.Location!.ToString(), StringComparison.Ordinal);
            }

            foreach (var path in actions)
            {
                var posted = await anonymous.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["change"] = "status:paused", ["alert"] = "x" }));
                Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            }
        }

        using var ownBrowser = new PortalBrowser(practice.Host);
        await ownBrowser.SignInAsync(own.Email);
        await ExpectStatusesAsync(ownBrowser, pages, 200, 200, 200, 403, 403);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownBrowser.PostFormAsync("/portal", $"/portal/admin/clients/{client}", ("change", "status:paused"))).StatusCode);

        // Another therapist: the client does not exist for them (404), and their acknowledgement is refused the same way.
        using var otherBrowser = new PortalBrowser(practice.Host);
        await otherBrowser.SignInAsync(other.Email);
        await ExpectStatusesAsync(otherBrowser, pages, 200, 404, 404, 403, 403);
        var alertKey = AlertKeyOnPage(await (await ownBrowser.GetAsync($"/portal/clients/{client}")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await otherBrowser.PostFormAsync("/portal", $"/portal/clients/{client}/acknowledge", ("alert", alertKey))).StatusCode);
        Assert.DoesNotContain("<html", (await (await otherBrowser.GetAsync("/portal")).Content.ReadAsStringAsync()).Split("M-1").Skip(1).FirstOrDefault() ?? "", StringComparison.Ordinal);

        // The admin reaches every client and the practice; the caseload (theirs to have only as a therapist) sends them to the practice.
        using var admin = new PortalBrowser(practice.Host);
        var adminHome = await admin.SignInAsync(LocalIdentityProvider.AdminEmail);
        Assert.Equal(HttpStatusCode.Redirect, adminHome.StatusCode);
        Assert.Equal("/portal/admin", adminHome.Headers.Location!.ToString());
        await ExpectStatusesAsync(admin, pages, 302, 200, 200, 200, 200);

        // Nothing above changed the client, and the alert is still waiting.
        Assert.Contains("Not yet acknowledged", await (await ownBrowser.GetAsync($"/portal/clients/{client}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var status = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{client}/data");
        Assert.Equal("active", status.GetProperty("client").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Acknowledging_FromTheClientPage_KeepsWhoWhenAndTheNote_AndAForgedPostChangesNothing()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("K-1");
        await therapist.AnswerAsync(client, RiskAnswer);
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);
        var clientPage = $"/portal/clients/{client}";
        var alertKey = AlertKeyOnPage(await (await browser.GetAsync(clientPage)).Content.ReadAsStringAsync());

        // A post without the page's token (another site's form), or with a token from someone else's session: refused, nothing changed.
        var forged = await browser.PostAsync($"{clientPage}/acknowledge", new FormUrlEncodedContent(new Dictionary<string, string> { ["alert"] = alertKey, ["note"] = "forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var someoneElse = new PortalBrowser(practice.Host);
        await someoneElse.SignInAsync(LocalIdentityProvider.AdminEmail);
        var theirToken = PortalBrowser.Token(await (await someoneElse.GetAsync(clientPage)).Content.ReadAsStringAsync());
        var borrowed = await browser.PostAsync($"{clientPage}/acknowledge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Outcomes.Views.Portal.PortalForm.AntiforgeryField] = theirToken, ["alert"] = alertKey,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);

        // A note too long to keep: the page again, with what is wrong and the note as typed; nothing acknowledged.
        var tooLong = await browser.PostFormAsync(clientPage, $"{clientPage}/acknowledge", ("alert", alertKey), ("note", new string('x', 501)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("it can be at most 500", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Not yet acknowledged", await (await browser.GetAsync(clientPage)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var acknowledged = await browser.PostFormAsync(clientPage, $"{clientPage}/acknowledge", ("alert", alertKey), ("note", "Called the client; safety plan reviewed"));
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        Assert.Equal($"{clientPage}#alerts", acknowledged.Headers.Location!.ToString());
        var html = await (await browser.GetAsync(clientPage)).Content.ReadAsStringAsync();
        Assert.Contains("acknowledged by the therapist Dr Own", html, StringComparison.Ordinal);
        Assert.Contains("Called the client; safety plan reviewed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Not yet acknowledged", html, StringComparison.Ordinal);

        // The email's acknowledge link shows the same acknowledgement, and the audit log names the person.
        var link = TherapistPractice.Link(Assert.Single(await therapist.EmailsAsync("Risk alert")), "a");
        var linkPage = await (await practice.Http.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("acknowledged by the therapist Dr Own", linkPage, StringComparison.Ordinal);
        var audit = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/audit?days=1");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "alert.acknowledged" && e.GetProperty("clientId").GetString() == client
            && e.GetProperty("actor").GetString() == $"{therapist.Email} (therapist {therapist.Id})");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "client.viewed" && e.GetProperty("clientId").GetString() == client);
    }

    [Fact]
    public async Task ClientPage_ShowsEachCheckInItemByItem_TheRiskItemMarked_AndTheCourseAsChartsWithTables()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("I-9");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(16));
        await therapist.AnswerAsync(client, RiskAnswer, trust: 1);
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);

        var document = new HtmlParser().ParseDocument(await (await browser.GetAsync($"/portal/clients/{client}")).Content.ReadAsStringAsync());
        Assert.Equal("Client I-9", document.QuerySelector("h1")!.TextContent);
        // Items × check-ins: PHQ-9 first, its check-ins as columns from 1, the risk answer stressed, the labels once in the key.
        Assert.Equal("PHQ-9", document.QuerySelectorAll("#check-ins h3")[0].TextContent);
        var phq9 = document.QuerySelectorAll("#check-ins table.grid")[0];
        Assert.Equal(["1", "2"], phq9.QuerySelectorAll("thead th .number").Select(n => n.TextContent));
        var risk = phq9.QuerySelectorAll("tr.risk")[0];
        Assert.Contains("Risk item: 9.", risk.TextContent, StringComparison.Ordinal);
        Assert.Equal("2", risk.QuerySelectorAll("td")[1].QuerySelector("strong")!.TextContent);
        Assert.Null(risk.QuerySelectorAll("td")[0].QuerySelector("strong"));
        Assert.Contains("2 More than half the days", document.QuerySelectorAll("#check-ins .key")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("16 (moderately severe)", phq9.QuerySelectorAll("tfoot td")[0].TextContent);
        Assert.Contains("Trust in the therapist", document.QuerySelector("#trust")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, document.QuerySelectorAll("#charts figure svg").Length); // PHQ-9, GAD-7 and the check-in's openness
        Assert.Contains("PHQ-9 at each check-in", document.QuerySelector("#charts table caption")!.TextContent, StringComparison.Ordinal);

        // The full print view: the same record, without navigation or forms.
        var print = new HtmlParser().ParseDocument(await (await browser.GetAsync($"/portal/clients/{client}/print?full=true")).Content.ReadAsStringAsync());
        Assert.Empty(print.QuerySelectorAll("form"));
        Assert.Empty(print.QuerySelectorAll("nav"));
        Assert.Equal(document.QuerySelectorAll("#check-ins tr").Length, print.QuerySelectorAll("#check-ins tr").Length);
    }

    [Fact]
    public async Task EnrolForm_WithMistakes_ComesBackAsTypedWithEachProblemInWordsBesideItsField_AndDischargeAsksFirst()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var admin = new PortalBrowser(practice.Host);
        await admin.SignInAsync(LocalIdentityProvider.AdminEmail);
        var code = $"E-{Guid.NewGuid():N}"[..10];

        var refused = await admin.PostFormAsync("/portal/admin", "/portal/admin/clients",
            ("therapistId", therapist.Id), ("displayCode", code), ("email", "client@clinic"), ("instruments", "gad7"), ("instruments", "checkin"), ("cadenceDays", "weekly"), ("timeZone", "London"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var page = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        var form = page.QuerySelector("form[action='/portal/admin/clients']")!;
        Assert.True(form.ParentElement!.HasAttribute("open"));
        Assert.Equal(code, form.QuerySelector("#c-code")!.GetAttribute("value"));
        Assert.Equal("client@clinic", form.QuerySelector("#c-email")!.GetAttribute("value"));
        Assert.Equal("weekly", form.QuerySelector("#c-cadence")!.GetAttribute("value"));
        Assert.Equal("London", form.QuerySelector("#c-zone")!.GetAttribute("value"));
        Assert.Equal(["gad7", "checkin"], form.QuerySelectorAll("input[name=instruments][checked]").Select(i => i.GetAttribute("value")));
        Assert.Equal(therapist.Id, form.QuerySelector("#c-therapist option[selected]")!.GetAttribute("value"));

        // Each problem beside its field, in words, tied to it for a screen reader; none says "required" of a value given.
        Assert.Equal("“London” is not a time zone; use its IANA name, such as Europe/London or America/New_York", form.QuerySelector("#c-zone-error")!.TextContent);
        Assert.Equal("“weekly” is not a whole number; enter days between check-ins, 1 to 90", form.QuerySelector("#c-cadence-error")!.TextContent);
        Assert.StartsWith("“client@clinic” is not an address email can be sent to", form.QuerySelector("#c-email-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("c-zone-error", form.QuerySelector("#c-zone")!.GetAttribute("aria-describedby"));
        Assert.Equal("true", form.QuerySelector("#c-zone")!.GetAttribute("aria-invalid"));
        Assert.Null(form.QuerySelector("#c-code")!.GetAttribute("aria-invalid"));
        var summary = page.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("Time zone: “London” is not a time zone", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("required", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("timeZone", summary, StringComparison.Ordinal);
        Assert.DoesNotContain(code, page.QuerySelector("#clients table")!.TextContent, StringComparison.Ordinal); // nobody enrolled

        // Sent again as corrected: enrolled.
        var enrolled = await admin.PostFormAsync("/portal/admin", "/portal/admin/clients",
            ("therapistId", therapist.Id), ("displayCode", code), ("email", "client@clinic.example"), ("instruments", "gad7"), ("cadenceDays", "7"), ("timeZone", "Europe/London"));
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        var clientId = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri(practice.Host.BaseUrl), enrolled.Headers.Location!).Query)["client"]!;

        // Discharge asks first, on a page of its own, and changes nothing until confirmed.
        var asked = await admin.PostFormAsync("/portal/admin", $"/portal/admin/clients/{clientId}", ("change", "status:discharged"));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        using (var confirm = new HtmlParser().ParseDocument(await asked.Content.ReadAsStringAsync()))
        {
            Assert.Equal($"Discharge client {code}?", confirm.QuerySelector("h1")!.TextContent);
            Assert.Equal("yes", confirm.QuerySelector("input[name=confirm]")!.GetAttribute("value"));
        }

        Assert.Equal("active", (await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{clientId}/data")).GetProperty("client").GetProperty("status").GetString());
        var discharged = await admin.PostFormAsync("/portal/admin", $"/portal/admin/clients/{clientId}", ("change", "status:discharged"), ("confirm", "yes"));
        Assert.Equal(HttpStatusCode.Redirect, discharged.StatusCode);
        Assert.Equal("discharged", (await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{clientId}/data")).GetProperty("client").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Therapist_AddsAClientToTheirOwnCaseload_ShowsALinkNowOnce_PausesAndResumes_AndNobodyElseCan()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var other = await TherapistPractice.EnrolAsync(practice);
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);
        var code = $"S-{Guid.NewGuid():N}"[..10];

        // A mistake: the caseload again with the form as typed and the problem beside its field.
        var refused = await browser.PostFormAsync("/portal", "/portal/clients", ("displayCode", code), ("email", "c@clinic.example"), ("cadenceDays", "7"), ("timeZone", "Europe/London"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using (var page = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal("choose at least one questionnaire", page.QuerySelector("#a-instruments-error")!.TextContent);
            Assert.Equal(code, page.QuerySelector("#a-code")!.GetAttribute("value"));
            Assert.Contains("Nobody was added", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        }

        var added = await browser.PostFormAsync("/portal", "/portal/clients", ("displayCode", code), ("email", "c@clinic.example"), ("instruments", "phq9"), ("instruments", "gad7"), ("cadenceDays", "7"), ("timeZone", "Europe/London"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var clientPath = added.Headers.Location!.ToString().Split('?')[0];
        var clientId = clientPath.Split('/')[^1];
        var clientPage = await (await browser.GetAsync(added.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        Assert.Contains("The client is on your caseload", clientPage, StringComparison.Ordinal);
        Assert.Contains($"Client {code}", clientPage, StringComparison.Ordinal);
        Assert.Contains(code, await (await browser.GetAsync("/portal")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A link now, for a tablet in the room: shown once, and it opens the questionnaire; a reload issues none.
        var link = await browser.PostFormAsync(clientPath, $"{clientPath}/link");
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        using (var page = new HtmlParser().ParseDocument(await (await browser.GetAsync(link.Headers.Location!.ToString())).Content.ReadAsStringAsync()))
        {
            var url = page.QuerySelector("#link code")!.TextContent;
            Assert.StartsWith($"{practice.Host.BaseUrl}/q/", url, StringComparison.Ordinal);
            Assert.Equal(url, page.QuerySelector("#link a")!.GetAttribute("href"));
            Assert.Equal(HttpStatusCode.OK, (await practice.Http.GetAsync(url)).StatusCode);
        }

        using (var reloaded = new HtmlParser().ParseDocument(await (await browser.GetAsync(link.Headers.Location!.ToString())).Content.ReadAsStringAsync()))
        {
            Assert.Null(reloaded.QuerySelector("#link code"));
            Assert.Contains("shown once and is not kept anywhere", reloaded.QuerySelector("#link")!.TextContent, StringComparison.Ordinal);
        }

        // Pause: no link can be shown; resume: it can again.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(clientPath, $"{clientPath}/status", ("status", "paused"))).StatusCode);
        var paused = new HtmlParser().ParseDocument(await (await browser.GetAsync(clientPath)).Content.ReadAsStringAsync());
        Assert.Null(paused.QuerySelector($"form[action='{clientPath}/link']"));
        Assert.Equal("Resume invitations", paused.QuerySelector("#status button")!.TextContent);
        var whilePaused = await browser.PostFormAsync(clientPath, $"{clientPath}/status", ("status", "paused"));
        Assert.Equal(HttpStatusCode.Redirect, whilePaused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(clientPath, $"{clientPath}/status", ("status", "active"))).StatusCode);
        Assert.NotNull(new HtmlParser().ParseDocument(await (await browser.GetAsync(clientPath)).Content.ReadAsStringAsync()).QuerySelector($"form[action='{clientPath}/link']"));

        // Discharge is not the therapist's to do here, and another therapist reaches none of it.
        Assert.Equal(HttpStatusCode.Conflict, (await browser.PostFormAsync(clientPath, $"{clientPath}/status", ("status", "discharged"))).StatusCode);
        using var stranger = new PortalBrowser(practice.Host);
        await stranger.SignInAsync(other.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostFormAsync("/portal", $"{clientPath}/link")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostFormAsync("/portal", $"{clientPath}/status", ("status", "paused"))).StatusCode);

        // Every change in the audit log, naming the therapist.
        var audit = await practice.Http.GetFromJsonAsync<JsonElement>("/api/admin/audit?days=1");
        var mine = audit.EnumerateArray().Where(e => e.GetProperty("clientId").GetString() == clientId && e.GetProperty("actor").GetString()!.Contains(therapist.Email, StringComparison.Ordinal)).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("client.enrolled", mine);
        Assert.Contains("invitation.issued", mine);
        Assert.Equal(3, mine.Count(a => a == "client.changed")); // paused, paused again, resumed
    }

    [Fact]
    public async Task WarningSign_MarkedReviewed_LeavesNeedsAttention_StaysReviewed_AndTwoReviewsAtOnceAreOne()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("R-5");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(5));
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(16)); // reliable deterioration
        using var browser = new PortalBrowser(practice.Host);
        await browser.SignInAsync(therapist.Email);
        var clientPath = $"/portal/clients/{client}";

        var caseload = new HtmlParser().ParseDocument(await (await browser.GetAsync("/portal")).Content.ReadAsStringAsync());
        Assert.Contains("R-5", caseload.QuerySelector("#needs-attention")!.TextContent, StringComparison.Ordinal);
        var page = new HtmlParser().ParseDocument(await (await browser.GetAsync(clientPath)).Content.ReadAsStringAsync());
        var sign = page.QuerySelectorAll("#prep-attention li").Single(li => li.TextContent.Contains("reliable deterioration", StringComparison.Ordinal));
        var key = sign.QuerySelector("input[name=alert]")!.GetAttribute("value")!;

        // Two presses at once (two tabs, two instances): both land on the page; one review, audited once.
        var token = PortalBrowser.Token(page.DocumentElement.OuterHtml);
        HttpResponseMessage[] presses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => browser.PostAsync($"{clientPath}/review", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [Outcomes.Views.Portal.PortalForm.AntiforgeryField] = token,
            ["alert"] = key,
        }))));
        Assert.All(presses, p => Assert.Equal(HttpStatusCode.Redirect, p.StatusCode));

        var after = new HtmlParser().ParseDocument(await (await browser.GetAsync(clientPath)).Content.ReadAsStringAsync());
        Assert.DoesNotContain(after.QuerySelectorAll("#prep-attention > ul:not(#prep-reviewed) li"), li => li.TextContent.Contains("reliable deterioration", StringComparison.Ordinal));
        Assert.Contains("reliable deterioration", after.QuerySelector("#prep-reviewed")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("reviewed by the therapist Dr Own", after.QuerySelector("#prep-reviewed")!.TextContent, StringComparison.Ordinal);
        var moved = new HtmlParser().ParseDocument(await (await browser.GetAsync("/portal")).Content.ReadAsStringAsync());
        Assert.DoesNotContain("R-5", moved.QuerySelector("#needs-attention")!.TextContent, StringComparison.Ordinal);

        var audit = await practice.Http.GetFromJsonAsync<JsonElement>("/api/admin/audit?days=1");
        Assert.Single(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "warning.reviewed" && e.GetProperty("clientId").GetString() == client);

        // A risk answer is acknowledged, not reviewed; an unknown sign changes nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostFormAsync(clientPath, $"{clientPath}/review", ("alert", "no-such-sign"))).StatusCode);
    }

    [Fact]
    public async Task Admin_EnrolsMovesPausesAndIssuesLinks_AndEveryChangeIsInTheAuditLog()
    {
        var first = await TherapistPractice.EnrolAsync(practice);
        var second = await TherapistPractice.EnrolAsync(practice);
        using var admin = new PortalBrowser(practice.Host);
        await admin.SignInAsync(LocalIdentityProvider.AdminEmail);

        // A therapist with no valid email: the page again, saying what is wrong in words; nobody enrolled.
        var bad = await admin.PostFormAsync("/portal/admin", "/portal/admin/therapists", ("name", "Dr New"), ("email", "not-an-email"), ("timeZone", "Europe/London"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Email address: “not-an-email” is not an address email can be sent to", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var email = $"dr-{Guid.NewGuid():N}@clinic.example";
        var enrolled = await admin.PostFormAsync("/portal/admin", "/portal/admin/therapists", ("name", "Dr New"), ("email", email), ("timeZone", "Europe/London"), ("digestDay", "friday"), ("digestHour", "9"));
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        var practicePage = await (await admin.GetAsync(enrolled.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        Assert.Contains("The therapist is enrolled.", practicePage, StringComparison.Ordinal);
        Assert.Contains(email, practicePage, StringComparison.Ordinal);

        var code = $"P-{Guid.NewGuid():N}"[..10];
        var client = await admin.PostFormAsync("/portal/admin", "/portal/admin/clients",
            ("therapistId", first.Id), ("displayCode", code), ("email", "client@clinic.example"), ("instruments", "phq9"), ("instruments", "gad7"), ("cadenceDays", "7"), ("timeZone", "Europe/London"));
        Assert.Equal(HttpStatusCode.Redirect, client.StatusCode);
        var clientId = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri(practice.Host.BaseUrl), client.Headers.Location!).Query)["client"]!;

        var moved = await admin.PostFormAsync("/portal/admin", $"/portal/admin/clients/{clientId}", ("change", $"therapist:{second.Id}"));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Contains($"Client {code} is active, with Dr Own.", await (await admin.GetAsync(moved.Headers.Location!.ToString())).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A link now: post/redirect/get, the link shown once; a reload shows no link and issues none.
        var linksBefore = await practice.Tables.GetTableClient("Clients").QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{clientId}'").CountAsync(r => r.RowKey.StartsWith("invitation|", StringComparison.Ordinal));
        var link = await admin.PostFormAsync("/portal/admin", $"/portal/admin/clients/{clientId}", ("change", "invite"));
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        var shown = await (await admin.GetAsync(link.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        Assert.Matches($@"{Regex(practice.Host.BaseUrl)}/q/[A-Za-z0-9_\-]+", shown);
        var reloaded = await (await admin.GetAsync(link.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        Assert.DoesNotMatch($@"{Regex(practice.Host.BaseUrl)}/q/[A-Za-z0-9_\-]+", reloaded);
        Assert.Contains("shown once; it is not kept anywhere", reloaded, StringComparison.Ordinal);
        Assert.Equal(linksBefore + 1, await practice.Tables.GetTableClient("Clients").QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{clientId}'").CountAsync(r => r.RowKey.StartsWith("invitation|", StringComparison.Ordinal)));
        var paused = await admin.PostFormAsync("/portal/admin", $"/portal/admin/clients/{clientId}", ("change", "status:paused"));
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        var pausedAgain = await admin.PostFormAsync("/portal/admin", $"/portal/admin/clients/{clientId}", ("change", "invite"));
        Assert.Equal(HttpStatusCode.Conflict, pausedAgain.StatusCode);
        Assert.Contains("only active clients are given links", await pausedAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // What the client is sent and how often; when the therapist's digest comes. A cadence out of range changes nothing.
        var tooOften = await admin.PostFormAsync("/portal/admin", $"/portal/admin/clients/{clientId}", ("change", "questionnaires"), ("instruments", "phq9"), ("cadenceDays", "0"));
        Assert.Equal(HttpStatusCode.BadRequest, tooOften.StatusCode);
        Assert.Contains("Every how many days: 0 is not from 1 to 90", await tooOften.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var fortnightly = await admin.PostFormAsync("/portal/admin", $"/portal/admin/clients/{clientId}", ("change", "questionnaires"), ("instruments", "phq9"), ("cadenceDays", "14"));
        Assert.Equal(HttpStatusCode.Redirect, fortnightly.StatusCode);
        var digest = await admin.PostFormAsync("/portal/admin", $"/portal/admin/therapists/{second.Id}", ("digestDay", "friday"), ("digestHour", "9"), ("progressEmails", "weekly"));
        Assert.Equal(HttpStatusCode.Redirect, digest.StatusCode);
        Assert.Contains("Friday at 9:00; good news weekly", await (await admin.GetAsync("/portal/admin")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var data = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{clientId}/data");
        Assert.Equal("paused", data.GetProperty("client").GetProperty("status").GetString());
        Assert.Equal(second.Id, data.GetProperty("client").GetProperty("therapistId").GetString());
        Assert.Equal(["phq9"], data.GetProperty("client").GetProperty("instruments").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(14, data.GetProperty("client").GetProperty("cadenceDays").GetInt32());

        var audit = await (await admin.GetAsync($"/portal/admin/audit?client={clientId}")).Content.ReadAsStringAsync();
        foreach (var detail in new[] { "moved to therapist", "a questionnaire link", "status: paused", "questionnaires: phq9, every 14 days" })
        {
            Assert.Contains(detail, audit, StringComparison.Ordinal);
        }

        Assert.Contains($"{LocalIdentityProvider.AdminEmail} (admin)", audit, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/portal/admin/audit?days=1000")).StatusCode);

        // Changes through the admin API are in the same log, by the admin key.
        var byKey = await practice.Http.GetFromJsonAsync<JsonElement>("/api/admin/audit?days=1");
        Assert.Contains(byKey.EnumerateArray(), e => e.GetProperty("action").GetString() == "therapist.enrolled" && e.GetProperty("actor").GetString() == $"admin key {Outcomes.Api.AdminCaller.Fingerprint(PracticeFixture.AdminKey)}" && e.GetProperty("detail").GetString() == $"therapist {first.Id}");
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    private static async Task ExpectStatusesAsync(PortalBrowser browser, string[] paths, params int[] expected)
    {
        var statuses = new List<int>();
        foreach (var path in paths)
        {
            statuses.Add((int)(await browser.GetAsync(path)).StatusCode);
        }

        Assert.Equal(expected, statuses);
    }

    private static string AlertKeyOnPage(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelector("#alerts input[name=alert]")!.GetAttribute("value")!;
}
