using Microsoft.Playwright;
using Outcomes.Local;

namespace Outcomes.Browser.Tests;

/// <summary>
/// A client's page before a session, in Chromium, for the demo's ten weeks: what a therapist needs
/// first is at the top on a phone and on a desktop, charts use the page's width and their words never
/// meet, and the print summary is one A4 page.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class SessionPrepBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task SessionPrep_IsFirstOnTheClientPage_WithWhatIsGoingWellBesideWhatNeedsAttention(int width)
    {
        var demo = await browser.DemoAsync();
        var page = await browser.SignedInAsync(DemoPractice.Seeded.TherapistEmail, width, $"/portal/clients/{demo.RecoveringClientId}");

        var prep = page.Locator("#prep");
        await Assertions.Expect(prep.GetByRole(AriaRole.Heading, new() { Name = "Before the session" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#scores-now tbody tr").First).ToContainTextAsync("PHQ-9");
        await Assertions.Expect(page.Locator("#prep-going-well")).ToContainTextAsync("reliable recovery");
        await Assertions.Expect(page.Locator("#prep-going-well")).ToContainTextAsync("sudden gain");

        // Above everything else of the record: the prep ends before the charts begin, on either screen.
        var prepBox = (await prep.BoundingBoxAsync())!;
        var chartsBox = (await page.Locator("#charts").BoundingBoxAsync())!;
        Assert.True(prepBox.Y + prepBox.Height <= chartsBox.Y);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth"));

        // A desktop's chart is as wide as the page's text; a phone's keeps a readable size and scrolls within itself.
        var svg = (await page.Locator("#charts svg").First.BoundingBoxAsync())!;
        var main = (await page.Locator("main").BoundingBoxAsync())!;
        if (width >= 1024)
        {
            Assert.True(svg.Width >= main.Width - 2, $"chart {svg.Width} px in a page {main.Width} px wide");
        }
        else
        {
            Assert.True(svg.Width >= 500, $"chart {svg.Width} px on a phone");
        }

        Assert.Empty(await OverlappingLabelsAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, $"session-prep-{width}.png"), FullPage = true });
        Assert.Empty(await QuestionnaireBrowserTests.SeriousViolationsAsync(page));
    }

    [Fact]
    public async Task PrintSummary_OfTenCheckInsIsOneA4Page_AndTheFullRecordIsStillThere()
    {
        var demo = await browser.DemoAsync();
        var page = await browser.SignedInAsync(DemoPractice.Seeded.TherapistEmail, 1280, $"/portal/clients/{demo.DeterioratingClientId}/print");
        await Assertions.Expect(page.Locator("#prep")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#check-ins")).ToHaveCountAsync(0);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "print-summary.png"), FullPage = true });
        Assert.Equal(1, Pages(await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true })));

        await page.GotoAsync($"{browser.Host.BaseUrl}/portal/clients/{demo.DeterioratingClientId}/print?full=true");
        await Assertions.Expect(page.Locator("#check-ins table.grid")).ToHaveCountAsync(3);
        Assert.True(Pages(await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true })) > 1);
    }

    /// <summary>Pairs of marker labels in one chart whose drawn boxes meet.</summary>
    private static Task<string[]> OverlappingLabelsAsync(IPage page) =>
        page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('svg')].flatMap(svg => {
                const boxes = [...svg.querySelectorAll('text.marker-label')].map(t => ({ text: t.textContent, r: t.getBoundingClientRect() }));
                return boxes.flatMap((a, i) => boxes.slice(i + 1)
                    .filter(b => a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom)
                    .map(b => `${a.text} / ${b.text}`));
            })
            """);

    /// <summary>The pages of a PDF, as Chromium writes it: one page object each.</summary>
    private static int Pages(byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?!s)");
}
