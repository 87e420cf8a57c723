using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Outcomes.Local;
using Outcomes.Local.SignIn;

namespace Outcomes.Browser.Tests;

/// <summary>
/// The portal in Chromium: signing in through the provider's page (the real code flow), every page
/// at 320 px and on a desktop with axe-core finding nothing serious, acknowledging a risk alert with
/// the keyboard alone, and an expired session sent back to sign in.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class PortalBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(320)]
    [InlineData(1280)]
    public async Task EveryPortalPage_HasNoSeriousAccessibilityProblem_AndFitsTheScreen(int width)
    {
        var (_, email, client) = await browser.TherapistWithClientAsync();
        var therapist = await browser.SignedInAsync(email, width);
        var admin = await browser.SignedInAsync(LocalIdentityProvider.AdminEmail, width);
        var signInPage = await browser.PhoneAsync(width: width);
        await signInPage.GotoAsync(browser.Host.BaseUrl + "/portal");

        var pages = new (IPage Page, string Path, string Heading)[]
        {
            (signInPage, "", "Sign in to the portal"),
            (therapist, "/portal", "Your caseload"),
            (therapist, $"/portal/clients/{client}", "Client K-7"),
            (therapist, $"/portal/clients/{client}/print", "Client K-7"),
            (admin, "/portal/admin", "The practice"),
            (admin, "/portal/admin/audit", "Audit log"),
            (admin, "/portal/admin/data", "Data in and out"),
            (admin, $"/portal/admin/clients/{client}/data", "Data held about client K-7"),
        };
        foreach (var (page, path, heading) in pages)
        {
            if (path.Length > 0)
            {
                await page.GotoAsync(browser.Host.BaseUrl + path);
            }

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            var name = path.Length == 0 ? "sign-in" : path.Replace("/portal", "portal").Replace(client, "client").Replace('/', '-');
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, $"{name}-{width}.png"), FullPage = true });
            Assert.True(0 == await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth"), $"{path} is wider than the screen");
            Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(page));
        }
    }

    [Fact]
    public async Task Therapist_AcknowledgesARiskAlertFromTheClientPage_WithTheKeyboardAlone()
    {
        var (_, email, client) = await browser.TherapistWithClientAsync();
        var page = await browser.SignedInAsync(email);
        await page.GotoAsync($"{browser.Host.BaseUrl}/portal/clients/{client}");
        var note = page.GetByLabel("A note for the record (optional)");

        // Tab from the top of the page to the note, type, Tab to the button, Enter.
        for (var presses = 0; presses < 40 && !await note.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(note).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Called the client; safety plan reviewed");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "I have seen this alert" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        var alerts = page.Locator("#alerts");
        await Assertions.Expect(alerts).ToContainTextAsync("acknowledged by the therapist Dr B");
        await Assertions.Expect(alerts).ToContainTextAsync("Called the client; safety plan reviewed");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "I have seen this alert" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnotherSitesForm_AndAnotherTherapist_ChangeNothing()
    {
        var (_, email, client) = await browser.TherapistWithClientAsync();
        var page = await browser.SignedInAsync(email);

        // A form the portal did not write (here put into the page by script, as an injected or look-alike page would), posted with the person's session: refused, the alert still waits.
        await page.SetContentAsync($"""
            <form method="post" action="{browser.Host.BaseUrl}/portal/clients/{client}/acknowledge"><input name="alert" value="x"><input name="note" value="forged"><button>Win a prize</button></form>
            """);
        var forged = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Win a prize" }).ClickAsync(), r => r.Url.Contains("/acknowledge", StringComparison.Ordinal));
        Assert.Equal(400, forged.Status); // the session came with it, the page's antiforgery token did not
        await page.GotoAsync($"{browser.Host.BaseUrl}/portal/clients/{client}");
        await Assertions.Expect(page.Locator("#alerts")).ToContainTextAsync("Not yet acknowledged");

        // Another therapist opening the client's address finds nothing there.
        var (_, otherEmail, _) = await browser.TherapistWithClientAsync();
        var other = await browser.SignedInAsync(otherEmail);
        var response = await other.GotoAsync($"{browser.Host.BaseUrl}/portal/clients/{client}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ExpiredSession_GoesBackToSignIn_AndThenToTheSamePage()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await LocalHost.StartAsync(["--urls", "http://127.0.0.1:0", "--Outcomes:AdminKey=session"], TextWriter.Null, CancellationToken.None, new LocalHostOptions { RunTimers = false, Time = clock });
        var page = await browser.SignedInAsync(LocalIdentityProvider.AdminEmail, host: host, path: "/portal/admin/audit");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();

        clock.Advance(TimeSpan.FromMinutes(31));
        await page.GotoAsync(host.BaseUrl + "/portal/admin");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the portal" })).ToBeVisibleAsync();
        await page.GetByLabel("Email address").FillAsync(LocalIdentityProvider.AdminEmail);
        await page.GetByLabel("Password").FillAsync(host.SignIn!.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The practice", Level = 1 })).ToBeVisibleAsync();
    }
}
