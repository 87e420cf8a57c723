using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Outcomes.Local;

namespace Outcomes.Browser.Tests;

/// <summary>The local host (with its Azurite) and one headless Chromium for the test collection.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium, or another Chromium named by OUTCOMES_CHROMIUM.</summary>
    public static string Chromium { get; } = Environment.GetEnvironmentVariable("OUTCOMES_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    /// <summary>The clinic's crisis services, as a clinic sets them.</summary>
    public const string CrisisResources = "Riverside crisis line | 01632 960 999 | any time | https://crisis.example; Night line | +44 1632 960 000 | 8pm to 8am";

    public LocalHost Host { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Where the host's emails go.</summary>
    public string EmailFolder { get; } = Directory.CreateTempSubdirectory("outcomes-browser-emails-").FullName;

    /// <summary>Screenshots are test output, kept beside the test results.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Host = await LocalHost.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--Outcomes:AdminKey=browser", "--Outcomes:ClinicName=Riverside Therapy", $"--Outcomes:CrisisResources={CrisisResources}", $"--Outcomes:Email:Folder={EmailFolder}"],
            TextWriter.Null,
            CancellationToken.None,
            new LocalHostOptions { RunTimers = false });
        Admin = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        Admin.DefaultRequestHeaders.Add(LocalHost.AdminKeyHeader, "browser");
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {Chromium}: on Debian or Ubuntu, `sudo apt-get install chromium` (.ci/run does this); elsewhere set OUTCOMES_CHROMIUM to a Chromium or Chrome executable.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Screenshots);
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Admin.Dispose();
        await Host.DisposeAsync();
        Directory.Delete(EmailFolder, recursive: true);
    }

    /// <summary>A fresh questionnaire link for a new client on PHQ-9, GAD-7 and the check-in.</summary>
    public async Task<string> LinkAsync()
    {
        var therapist = await Id(await Admin.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr B", email = "b@clinic.example", timeZone = "Europe/London" }));
        var client = await Id(await Admin.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist, displayCode = "W-1", email = "w@clinic.example", instruments = new[] { "phq9", "gad7", "checkin" }, cadenceDays = 7, timeZone = "Europe/London" }));
        var invitation = await Admin.PostAsync($"/api/admin/clients/{client}/invitations", null);
        return (await invitation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    /// <summary>A phone-sized page that may inject axe-core despite the page's CSP (the page itself runs no script).</summary>
    /// <summary>The demo practice, seeded into this host once (its therapist's address is fixed), for pages that need a course of ten weeks.</summary>
    public async Task<DemoPractice.Seeded> DemoAsync()
    {
        await _demoGate.WaitAsync();
        try
        {
            return _demo ??= await DemoPractice.SeedAsync(Host.App.Services, CancellationToken.None);
        }
        finally
        {
            _demoGate.Release();
        }
    }

    private readonly SemaphoreSlim _demoGate = new(1, 1);
    private DemoPractice.Seeded? _demo;

    public async Task<IPage> PhoneAsync(bool bypassCsp = true, int width = 390)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 844 }, BypassCSP = bypassCsp });

        // Generous waits: CI runs these beside the integration tests on two cores, and a fresh host's first sign-in reads the provider's metadata.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>A page of the given width, signed in to the portal through the local provider's sign-in page, as a person would.</summary>
    public async Task<IPage> SignedInAsync(string email, int width = 390, string path = "/portal", LocalHost? host = null, bool bypassCsp = true)
    {
        host ??= Host;
        var page = await PhoneAsync(bypassCsp, width);
        await page.GotoAsync(host.BaseUrl + path);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the portal" })).ToBeVisibleAsync();
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(host.SignIn!.PasswordFor(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Past the provider and the callback, on the portal's page: waited for by its address and its heading, not by the
        // load event, which a navigation at the end of a redirect chain can report before the wait begins (seen once in CI).
        await page.WaitForURLAsync(url => !url.Contains("/connect/", StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Enrols a therapist and a client who answers twice, the second time worse and with a risk answer; returns once the risk alert is emailed.</summary>
    public async Task<(string Therapist, string Email)> TherapistWithRiskAnswerAsync() => (await TherapistWithClientAsync()) is var (therapist, email, _) ? (therapist, email) : default;

    /// <summary>As <see cref="TherapistWithRiskAnswerAsync"/>, with the client's id.</summary>
    public async Task<(string Therapist, string Email, string Client)> TherapistWithClientAsync()
    {
        var email = $"dr-{Guid.NewGuid():N}@clinic.example";
        var therapist = await Id(await Admin.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr B", email, timeZone = "Europe/London" }));
        var client = await Id(await Admin.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist, displayCode = "K-7", email = "k@clinic.example", instruments = new[] { "phq9", "gad7" }, cadenceDays = 7, timeZone = "Europe/London" }));
        foreach (var phq9 in new[] { new[] { 1, 1, 1, 0, 0, 0, 0, 0, 0 }, new[] { 3, 3, 2, 2, 2, 1, 1, 1, 1 } })
        {
            var invitation = await Admin.PostAsync($"/api/admin/clients/{client}/invitations", null);
            var url = (await invitation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
            (await Admin.PostAsJsonAsync(url.Replace("/q/", "/api/q/", StringComparison.Ordinal), new { answers = new { phq9, gad7 = new[] { 1, 1, 1, 1, 1, 1, 1 } } })).EnsureSuccessStatusCode();
            await Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30)); // scored before the next
        }

        await LinkInEmailAsync(email, "Risk alert", "a"); // the second check-in is scored
        return (therapist, email, client);
    }

    /// <summary>The first link to /<paramref name="path"/>/ in the email to <paramref name="to"/> whose subject starts so; waits up to 20 s.</summary>
    public async Task<string> LinkInEmailAsync(string to, string subjectStart, string path)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(100))
        {
            var email = Directory.GetFiles(EmailFolder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f))
                .FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address == to) && m.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true);
            if (email is not null)
            {
                return System.Text.RegularExpressions.Regex.Match(email.TextBody ?? "", $@"https?://\S+/{path}(/[A-Za-z0-9_\-.]+)?\b").Value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No email '{subjectStart}' to {to}.");
            }
        }
    }

    private static async Task<string> Id(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}

[CollectionDefinition(nameof(BrowserCollection))]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
