using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Local.SignIn;
using Outcomes.Practice;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests;

/// <summary>The practice's health as an admin reads it: each timer's last run, and the messages given up on.</summary>
[Collection(nameof(PracticeCollection))]
public class PracticeHealthTests(PracticeFixture practice)
{
    [Fact]
    public async Task TimerRuns_RecordedByTwoInstancesInAnyOrder_KeepTheLatest()
    {
        var name = $"Timer{Guid.NewGuid():N}";
        var start = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var one = new TableTimerRuns(StorageClients.Tables(practice.Host.Azurite!.ConnectionString));
        var two = new TableTimerRuns(StorageClients.Tables(practice.Host.Azurite!.ConnectionString));

        // Twenty runs finishing at once, the later ones often written first.
        var runs = Enumerable.Range(0, 20).Select(i => new TimerRun(name, start.AddMinutes(i), i != 19, i == 19 ? "StorageUnavailableException" : null)).Reverse().ToList();
        await Task.WhenAll(runs.Select((run, i) => Task.Run(() => (i % 2 == 0 ? one : two).RecordAsync(run, CancellationToken.None))));

        var recorded = Assert.Single(await one.ListAsync(CancellationToken.None), r => r.Name == name);
        Assert.Equal(new TimerRun(name, start.AddMinutes(19), false, "StorageUnavailableException"), recorded);
    }

    [Fact]
    public async Task PracticePage_ShowsEachTimersLastRun_AndMessagesGivenUpOn()
    {
        var runs = practice.Host.Services.GetRequiredService<ITimerRuns>();
        var name = $"Timer{Guid.NewGuid():N}";
        await runs.RecordAsync(new TimerRun(name, DateTimeOffset.UtcNow, Succeeded: false, "TimeoutException"), CancellationToken.None);
        await practice.Queues.GetQueueClient(StorageQueues.Score + "-poison").SendMessageAsync("{}");

        using var admin = new PortalBrowser(practice.Host);
        var page = await admin.SignInAsync(LocalIdentityProvider.AdminEmail);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var html = await (await admin.GetAsync("/portal/admin")).Content.ReadAsStringAsync();
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var timer = document.QuerySelectorAll("#health tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        Assert.Contains("failed (TimeoutException)", timer.TextContent, StringComparison.Ordinal);
        var poisoned = document.QuerySelectorAll("#health tr").Single(r => r.QuerySelector("td")?.TextContent == StorageQueues.Score);
        Assert.True(int.Parse(poisoned.QuerySelectorAll("td")[1].TextContent, System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }
}
