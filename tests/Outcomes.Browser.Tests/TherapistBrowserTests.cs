using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Outcomes.Browser.Tests;

/// <summary>A therapist on a phone: acknowledging a risk alert from its email, and following the digest's link into the portal.</summary>
[Collection(nameof(BrowserCollection))]
public class TherapistBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Therapist_AcknowledgesARiskAlertWithOneButton()
    {
        var (_, email) = await browser.TherapistWithRiskAnswerAsync();
        var link = await browser.LinkInEmailAsync(email, "Risk alert", "a");

        var page = await browser.PhoneAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Risk alert: client K-7" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "risk-alert-phone.png"), FullPage = true });
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "I have seen this alert" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("acknowledged by the therapist");
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(page));
    }

    [Fact]
    public async Task Caseload_FromTheDigestsLink_ShowsWhoNeedsAttentionAndTheChartUnderTheStrictPolicy()
    {
        var (therapist, email) = await browser.TherapistWithRiskAnswerAsync();
        (await browser.Admin.PostAsJsonAsync("/api/admin/digests/run", new { therapistId = therapist })).EnsureSuccessStatusCode();
        var link = await browser.LinkInEmailAsync(email, "Your weekly digest", "portal");
        Assert.Equal($"{browser.Host.BaseUrl}/portal", link);

        var page = await browser.SignedInAsync(email);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Needs attention (1)" })).ToBeVisibleAsync();
        await page.Locator("#needs-attention").GetByRole(AriaRole.Link, new() { Name = "K-7" }).ClickAsync();

        // Without bypassing the page's Content-Security-Policy: the chart must still show.
        var strict = await browser.SignedInAsync(email, bypassCsp: false, path: new Uri(page.Url).AbsolutePath);
        var chart = strict.Locator("#charts").GetByRole(AriaRole.Img, new() { Name = "PHQ-9 over time" });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        Assert.True((await chart.BoundingBoxAsync())!.Width > 250, "the chart is drawn, scaled to the phone's width");
        await strict.Locator("#charts summary").First.ClickAsync();
        await Assertions.Expect(strict.Locator("#charts figure table").First).ToBeVisibleAsync();
        Assert.Equal(0, await strict.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth"));
        await strict.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "client-page-phone.png"), FullPage = true });
    }
}
