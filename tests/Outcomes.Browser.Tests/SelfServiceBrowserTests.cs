using Microsoft.Playwright;
using Outcomes.Local.SignIn;

namespace Outcomes.Browser.Tests;

/// <summary>
/// The everyday changes in Chromium, as people make them: a therapist adds a client on a phone and
/// shows a questionnaire link for a tablet in the room; an admin's enrol form with mistakes comes
/// back as typed, each problem in words beside its field.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class SelfServiceBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Therapist_AddsAClientOnAPhone_AndShowsALinkThatOpensTheirQuestionnaire()
    {
        var (_, email, _) = await browser.TherapistWithClientAsync();
        var page = await browser.SignedInAsync(email);
        var code = $"T-{Guid.NewGuid():N}"[..8];

        await page.GetByText("Add a client to your caseload").ClickAsync();
        await page.GetByLabel("Display code (the pseudonym").FillAsync(code);
        await page.GetByLabel("The client's email address").FillAsync("tablet@clinic.example");
        await page.GetByLabel("Every how many days").FillAsync("fortnightly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the client" }).ClickAsync();

        // Back as typed, the problem beside the field in words; fixed, and sent again.
        var cadence = page.GetByLabel("Every how many days");
        await Assertions.Expect(cadence).ToHaveValueAsync("fortnightly");
        await Assertions.Expect(cadence).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#a-cadence-error")).ToHaveTextAsync("“fortnightly” is not a whole number; enter days between check-ins, 1 to 90");
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(page));
        await cadence.FillAsync("14");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the client" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Client {code}", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Show a questionnaire link now" }).ClickAsync();
        var shown = page.Locator("#link code");
        await Assertions.Expect(shown).ToContainTextAsync("/q/");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "link-now-390.png"), FullPage = true });
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(page));

        // A reload shows no second link; the one shown opens the client's questionnaire.
        var url = await shown.TextContentAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#link code")).ToHaveCountAsync(0);
        await page.GotoAsync(url!);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AdminsEnrolForm_WithMistakes_ComesBackAsTypedWithEachProblemInWords()
    {
        await browser.TherapistWithRiskAnswerAsync(); // the form needs a therapist to enrol with
        var page = await browser.SignedInAsync(LocalIdentityProvider.AdminEmail, 1280, "/portal/admin");

        await page.GetByText("Enrol a client").ClickAsync();
        await page.Locator("#c-code").FillAsync("W-1");
        await page.Locator("#c-email").FillAsync("w1@clinic");
        await page.Locator("#c-zone").FillAsync("GMT+1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol the client" }).ClickAsync();

        await Assertions.Expect(page.Locator("#c-code")).ToHaveValueAsync("W-1");
        await Assertions.Expect(page.Locator("#c-zone")).ToHaveValueAsync("GMT+1");
        await Assertions.Expect(page.Locator("#c-zone-error")).ToContainTextAsync("“GMT+1” is not a time zone");
        await Assertions.Expect(page.Locator("#c-email-error")).ToContainTextAsync("“w1@clinic” is not an address email can be sent to");
        await Assertions.Expect(page.Locator("#c-code-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).Not.ToContainTextAsync("timeZone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "enrol-errors-1280.png"), FullPage = true });
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(page));
    }
}
