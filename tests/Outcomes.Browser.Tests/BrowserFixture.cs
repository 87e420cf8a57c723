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

    public LocalHost Host { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Screenshots are test output, kept beside the test results.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Host = await LocalHost.StartAsync(["--urls", "http://127.0.0.1:0", "--Outcomes:AdminKey=browser", "--Outcomes:ClinicName=Riverside Therapy"], TextWriter.Null, CancellationToken.None);
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
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Admin.Dispose();
        await Host.DisposeAsync();
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
    public async Task<IPage> PhoneAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, BypassCSP = true });
        return await context.NewPageAsync();
    }

    private static async Task<string> Id(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}

[CollectionDefinition(nameof(BrowserCollection))]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
