using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Outcomes.Browser.Tests;

/// <summary>A therapist on a phone: acknowledging a risk alert from its email, and reading the caseload page behind the digest.</summary>
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
    public async Task CaseloadPage_ShowsTheDigestWithItsChartUnderTheStrictPolicy()
    {
        var (therapist, email) = await browser.TherapistWithRiskAnswerAsync();
        (await browser.Admin.PostAsJsonAsync("/api/admin/digests/run", new { therapistId = therapist })).EnsureSuccessStatusCode();
        var link = await browser.LinkInEmailAsync(email, "Your weekly digest", "t");

        // Without bypassing the page's Content-Security-Policy: the chart must still load.
        var page = await browser.PhoneAsync(bypassCsp: false);
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Needs attention (1)" })).ToBeVisibleAsync();
        var chart = page.Locator("#needs-attention").GetByRole(AriaRole.Img, new() { Name = "PHQ-9 over time" });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        Assert.True((await chart.BoundingBoxAsync())!.Width > 250, "the chart is drawn, scaled to the phone's width");
        await page.Locator("#needs-attention summary").First.ClickAsync();
        await Assertions.Expect(page.Locator("#needs-attention figure table").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "caseload-phone.png"), FullPage = true });

        var scanned = await browser.PhoneAsync();
        await scanned.GotoAsync(link);
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(scanned));
    }
}
