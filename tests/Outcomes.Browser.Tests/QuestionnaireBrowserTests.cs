using System.Text.Json;
using Microsoft.Playwright;
using Outcomes.Local;

namespace Outcomes.Browser.Tests;

/// <summary>A client answering on a phone, by touch and by keyboard, with an accessibility scan of every page.</summary>
[Collection(nameof(BrowserCollection))]
public class QuestionnaireBrowserTests(BrowserFixture browser)
{
    private static readonly string[] Questionnaires = ["phq9", "gad7", "checkin"];

    [Fact]
    public async Task Client_AnswersOnAPhoneAndSeesTheThankYouPage()
    {
        var page = await browser.PhoneAsync();
        await page.GotoAsync(await browser.LinkAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "questionnaire-phone.png"), FullPage = true });

        await AnswerEverythingAsync(page, risk: false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".crisis")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "thank-you-phone.png"), FullPage = true });
        Assert.Empty(await SeriousViolationsAsync(page));
    }

    [Fact]
    public async Task Gaps_ShowAnErrorSummaryWhoseLinksLeadToTheQuestions()
    {
        var page = await browser.PhoneAsync();
        await page.GotoAsync(await browser.LinkAsync());
        await page.GetByRole(AriaRole.Radiogroup, new() { Name = "Little interest or pleasure in doing things" }).GetByLabel("Several days").CheckAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();

        var summary = page.Locator("#errors");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        // PHQ-9 items 2–9, GAD-7 items 1–7, check-in items 1–6: the required questions left.
        await Assertions.Expect(summary.GetByRole(AriaRole.Link)).ToHaveCountAsync(21);
        await Assertions.Expect(page.GetByRole(AriaRole.Radiogroup, new() { Name = "Little interest or pleasure in doing things" }).GetByLabel("Several days")).ToBeCheckedAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "errors-phone-top.png") });
        await summary.GetByRole(AriaRole.Link).First.ClickAsync();
        Assert.EndsWith("#phq9.2", page.Url);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "errors-phone.png"), FullPage = true });
        Assert.Empty(await SeriousViolationsAsync(page));
    }

    [Fact]
    public async Task KeyboardOnly_AnswersAndSubmitsWithVisibleFocus()
    {
        var page = await browser.PhoneAsync();
        await page.GotoAsync(await browser.LinkAsync());

        // Tab reaches each question's first option and Space chooses it; the text box takes typing.
        var questions = await page.Locator("[role=radiogroup], textarea").CountAsync();
        for (var i = 0; i < questions; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("document.activeElement.tagName + ':' + (document.activeElement.name || '')");
            if (focused.StartsWith("TEXTAREA", StringComparison.Ordinal))
            {
                await page.Keyboard.TypeAsync("typed with the keyboard");
            }
            else
            {
                Assert.StartsWith("INPUT:", focused);
                await page.Keyboard.PressAsync("Space");
                var outline = await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle");
                Assert.NotEqual("none", outline);
            }
        }

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("BUTTON", await page.EvaluateAsync<string>("document.activeElement.tagName"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task RiskAnswer_ShowsTheCrisisServicesWithNumbersToTap()
    {
        var page = await browser.PhoneAsync(width: 320);
        await page.GotoAsync(await browser.LinkAsync());
        await AnswerEverythingAsync(page, risk: true);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();

        var crisis = page.Locator(".crisis");
        await Assertions.Expect(crisis).ToBeVisibleAsync();
        await Assertions.Expect(crisis).ToContainTextAsync("local emergency number");
        var call = crisis.GetByRole(AriaRole.Link, new() { Name = "01632 960 999" });
        await Assertions.Expect(call).ToHaveAttributeAsync("href", "tel:01632960999");
        await Assertions.Expect(crisis.GetByRole(AriaRole.Link, new() { Name = "+44 1632 960 000" })).ToHaveAttributeAsync("href", "tel:+441632960000");
        Assert.Equal(0, await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "thank-you-risk-phone.png") });
        Assert.Empty(await SeriousViolationsAsync(page));
    }

    [Fact]
    public async Task RiskAnswer_CrisisAdviceSurvivesADoubleTapAReloadAndBackThenSendAgain()
    {
        var link = await browser.LinkAsync();
        var page = await browser.PhoneAsync();
        var stale = await browser.PhoneAsync(); // the form as Back shows it from memory: the same form, still filled in
        await page.GotoAsync(link);
        await stale.GotoAsync(link);
        await AnswerEverythingAsync(page, risk: true);
        await AnswerEverythingAsync(stale, risk: true);

        // A double tap on the button.
        var posts = 0;
        page.Request += (_, request) => posts += request.Method == "POST" ? 1 : 0;
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).DblClickAsync();
        await Assertions.Expect(page.Locator(".crisis")).ToBeVisibleAsync();
        Assert.InRange(posts, 1, 2);
        Assert.Equal(link, page.Url); // post/redirect/get: the link's own address

        // A reload, which repeats no post (the browser would ask to resend a form).
        var postsBefore = posts;
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".crisis")).ToContainTextAsync("local emergency number");
        Assert.Equal(postsBefore, posts);

        // Back to the form and sent again.
        await stale.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();
        await Assertions.Expect(stale.Locator(".crisis")).ToBeVisibleAsync();
        await Assertions.Expect(stale.Locator(".crisis").GetByRole(AriaRole.Link, new() { Name = "01632 960 999" })).ToHaveAttributeAsync("href", "tel:01632960999");
        await stale.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "thank-you-risk-sent-again-phone.png") });
        Assert.Empty(await SeriousViolationsAsync(stale));
    }

    [Fact]
    public async Task FormPage_HasNoSeriousOrCriticalAccessibilityViolations()
    {
        var page = await browser.PhoneAsync();
        await page.GotoAsync(await browser.LinkAsync());
        Assert.Empty(await SeriousViolationsAsync(page));

        await page.GotoAsync(browser.Host.BaseUrl + "/q/not-a-real-link");
        Assert.Empty(await SeriousViolationsAsync(page));
    }

    [Theory]
    [InlineData(320, 1)] // the narrowest phone
    [InlineData(640, 2)] // a 1280 px window at 200 % zoom
    public async Task Page_ReadsWithoutSidewaysScrolling(int width, float zoom)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 800 }, DeviceScaleFactor = zoom });
        var page = await context.NewPageAsync();
        await page.GotoAsync(await browser.LinkAsync());

        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.Equal(0, overflow);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, $"questionnaire-{width}px.png") });
        await context.CloseAsync();
    }

    internal static async Task AnswerEverythingAsync(IPage page, bool risk)
    {
        foreach (var group in await page.Locator("[role=radiogroup]").AllAsync())
        {
            var name = await group.GetAttributeAsync("id");
            var options = group.Locator("input[type=radio]");
            var pick = risk && name == "phq9.9" ? 1 : 0;
            await options.Nth(pick).CheckAsync();
        }

        Assert.All(Questionnaires, q => Assert.NotNull(q));
    }

    /// <summary>axe-core (pinned in package.json) run on the page; the serious and critical violations, as "id: help".</summary>
    internal static async Task<List<string>> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(Azurite.RepositoryRoot(), "node_modules", "axe-core", "axe.min.js") });
        var result = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, help: v.help }))");
        return result.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()}")
            .ToList();
    }
}
