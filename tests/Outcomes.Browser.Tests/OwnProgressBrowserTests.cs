using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Outcomes.Browser.Tests;

/// <summary>
/// A client from their link through their answers to their own progress, on a phone and on a
/// desktop, in Chromium, with an accessibility scan: for a client whose therapist shares it (chosen
/// in the portal) and one whose therapist does not; and the demo's A-101 from the printed link.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class OwnProgressBrowserTests(BrowserFixture browser)
{
    private const string Aha = "I can say no without explaining";

    /// <summary>A therapist and a client with three check-ins (PHQ-9 18, 17, 18); returns a fresh link for the fourth.</summary>
    private async Task<(string TherapistEmail, string Client, string Link)> ClientWithHistoryAsync()
    {
        var email = $"dr-{Guid.NewGuid():N}@clinic.example";
        var therapist = await IdAsync(await browser.Admin.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr P", email, timeZone = "Europe/London" }));
        var client = await IdAsync(await browser.Admin.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist, displayCode = "M-1", email = $"m-{Guid.NewGuid():N}@clinic.example", instruments = new[] { "phq9", "gad7", "checkin" }, cadenceDays = 7, timeZone = "Europe/London" }));
        foreach (var phq9 in new[] { new[] { 3, 3, 3, 3, 3, 3, 0, 0, 0 }, new[] { 3, 3, 3, 3, 3, 2, 0, 0, 0 }, new[] { 3, 3, 3, 3, 3, 3, 0, 0, 0 } })
        {
            var url = await LinkAsync(client);
            var checkin = new Dictionary<string, int> { ["1"] = 2, ["2"] = 2, ["3"] = 2, ["4"] = 2, ["5"] = 2, ["6"] = 3 };
            (await browser.Admin.PostAsJsonAsync(url.Replace("/q/", "/api/q/", StringComparison.Ordinal), new { answers = new { phq9, gad7 = new[] { 2, 2, 2, 2, 2, 2, 2 }, checkin } })).EnsureSuccessStatusCode();
        }

        return (email, client, await LinkAsync(client));
    }

    private async Task<string> LinkAsync(string client)
    {
        var invitation = await browser.Admin.PostAsync($"/api/admin/clients/{client}/invitations", null);
        return (await invitation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    private static async Task<string> IdAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task AnswerWithAnAhaAsync(IPage page)
    {
        await QuestionnaireBrowserTests.AnswerEverythingAsync(page, risk: false); // every first option: PHQ-9 0, a recovery
        await page.Locator("[id='checkin.7'] input[value='1']").CheckAsync();
        await page.Locator("textarea").FillAsync(Aha);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task AClientWhoseTherapistShares_GoesFromTheirLinkThroughTheirAnswersToTheirProgress(int width)
    {
        var (therapistEmail, client, link) = await ClientWithHistoryAsync();

        // The therapist chooses, on the client's page in the portal.
        var portal = await browser.SignedInAsync(therapistEmail, width: 1280, path: $"/portal/clients/{client}");
        await portal.GetByLabel("Shown after each check-in").CheckAsync();
        await portal.Locator("#sharing").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(portal.Locator("#sharing")).ToContainTextAsync("Now: Shown after each check-in.");
        await portal.Context.CloseAsync();

        var page = await browser.PhoneAsync(width: width);
        await page.GotoAsync(link);
        await AnswerWithAnAhaAsync(page);

        var progress = page.Locator(".own-progress");
        await Assertions.Expect(progress.GetByRole(AriaRole.Heading, new() { Name = "Your progress" })).ToBeVisibleAsync();
        await Assertions.Expect(progress.Locator(".milestones")).ToContainTextAsync("A real improvement");
        await Assertions.Expect(progress.Locator(".milestones")).ToContainTextAsync($"“{Aha}”");
        await Assertions.Expect(progress.Locator("figure svg")).ToHaveCountAsync(3);
        await Assertions.Expect(progress.GetByRole(AriaRole.Heading, new() { Name = "If you need help now" })).ToBeVisibleAsync();
        await Assertions.Expect(progress.GetByRole(AriaRole.Link, new() { Name = "01632 960 999" })).ToHaveAttributeAsync("href", "tel:01632960999");

        // Readable where it is read: nothing wider than the screen, the table a keyboard reaches.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways.");
        await progress.Locator("summary").First.ClickAsync();
        await Assertions.Expect(progress.Locator("table").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, $"own-progress-{width}px.png"), FullPage = true });
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(page));

        // The same link opened elsewhere (a new browser: no session) shows a button first; pressing it shows the page.
        var elsewhere = await browser.PhoneAsync(width: width);
        await elsewhere.GotoAsync(link);
        await Assertions.Expect(elsewhere.Locator(".own-progress")).ToHaveCountAsync(0);
        await elsewhere.GetByRole(AriaRole.Button, new() { Name = "See your progress" }).ClickAsync();
        await Assertions.Expect(elsewhere.Locator(".milestones")).ToContainTextAsync("A real improvement");
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(elsewhere));
        await page.Context.CloseAsync();
        await elsewhere.Context.CloseAsync();
    }

    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task AClientWhoseTherapistDoesNotShare_SeesTheirThanksAndNothingElse(int width)
    {
        var (_, _, link) = await ClientWithHistoryAsync(); // this practice shares nothing unless a therapist chooses to

        var page = await browser.PhoneAsync(width: width);
        await page.GotoAsync(link);
        await AnswerWithAnAhaAsync(page);

        await Assertions.Expect(page.GetByText("Your answers have been received")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".own-progress")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(Aha);
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheDemosProgressLink_ShowsA101sChart_TheSuddenGain_AndTheAhaMoment()
    {
        var demo = await browser.DemoAsync();
        var page = await browser.PhoneAsync();
        await page.GotoAsync(demo.ProgressLink);

        await page.GetByRole(AriaRole.Button, new() { Name = "Show my progress" }).ClickAsync();
        await Assertions.Expect(page.Locator(".milestones")).ToContainTextAsync("A big step forward");
        await Assertions.Expect(page.Locator(".milestones")).ToContainTextAsync($"“{Outcomes.Local.DemoPractice.AhaWords}”");
        await Assertions.Expect(page.Locator("figure svg").First).ToContainTextAsync("big step forward");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "demo-own-progress-phone.png"), FullPage = true });
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(page));
        await page.Context.CloseAsync();
    }
}
