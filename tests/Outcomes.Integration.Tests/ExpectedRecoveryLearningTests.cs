using System.Net.Http.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Clinical.Instruments;
using Outcomes.Local;
using Outcomes.Local.SignIn;
using Outcomes.Practice.Learning;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests;

/// <summary>A practice that uses its own expected recovery from 20 completed episodes (200 by default, too many to enrol in a test); its clock is the test's.</summary>
public sealed class LearningPracticeFixture : PracticeFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 9, 7, 8, 0, 0, TimeSpan.Zero));

    protected override IEnumerable<string> Arguments() => [.. base.Arguments(), "--Outcomes:Clinical:OwnExpectedRecoveryFrom=20"];

    protected override LocalHostOptions Options(LocalHostOptions defaults) => defaults with { Time = Clock };

    /// <summary>Another instance of the app over the same storage and clock, as Azure scales out.</summary>
    public Task<LocalHost> SecondInstanceAsync() =>
        LocalHost.StartAsync(
            [.. Arguments(), $"--{StorageClients.TablesSetting}={Host.Azurite!.ConnectionString}", $"--{StorageClients.QueuesSetting}={Host.Azurite!.ConnectionString}", $"--Outcomes:Email:Folder={EmailFolder}", "--Outcomes:ClinicContact=01632 960 123"],
            TextWriter.Null,
            CancellationToken.None,
            new LocalHostOptions { Queues = FastQueues, RunTimers = false, Time = Clock });
}

[CollectionDefinition(nameof(LearningPracticeCollection))]
public sealed class LearningPracticeCollection : ICollectionFixture<LearningPracticeFixture>;

/// <summary>
/// Expected recovery learned from the clinic's own clients (#26) against Azurite: the synthetic
/// reference until enough completed episodes, then the clinic's own in every instance, in the
/// findings and the caseload; back when erasures take it below; two runs at once leave one fit.
/// </summary>
[Collection(nameof(LearningPracticeCollection))]
public class ExpectedRecoveryLearningTests(LearningPracticeFixture practice)
{
    [Fact]
    public async Task TheClinicsOwnBands_ReplaceTheSyntheticReference_OnceEnoughEpisodesAreCompleted_InEveryInstance()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);

        // 20 clients at caseness: 19 with six weekly check-ins (completed), the last with five (still in care);
        // the first stays at 20, the others improve at their own pace. One more, below caseness, never counts; and
        // one still in care, four check-ins in and worse than at baseline, is the client whose finding is read.
        var courses = Enumerable.Range(0, 20).Select(i => Course(i, checkIns: i == 19 ? 5 : 6)).Append([6, 6, 5, 6, 5, 6]).Append([15, 16, 17, 17]).ToList();
        var clients = new List<string>();
        for (var i = 0; i < courses.Count; i++)
        {
            clients.Add(await practice.EnrolClientAsync(therapist.Id, ["phq9"], $"L-{i + 1}", $"l{i + 1}@client.example"));
        }

        for (var week = 0; week < 6; week++)
        {
            await Task.WhenAll(clients.Select((client, i) => week < courses[i].Length ? AnswerAsync(client, courses[i][week]) : Task.CompletedTask));
            await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
            practice.Clock.Advance(TimeSpan.FromDays(7));
        }

        var watched = clients[^1];
        var learning = practice.Host.Services.GetRequiredService<ExpectedRecoveryLearning>();
        var catalog = practice.Host.Services.GetRequiredService<InstrumentCatalog>();
        var phq9 = catalog["phq9"];
        await using var second = await practice.SecondInstanceAsync();
        var secondCatalog = second.Services.GetRequiredService<InstrumentCatalog>();

        // 19 completed episodes: counted and said, but the synthetic reference stays, in the findings and the caseload.
        var fit = Assert.Single(await learning.LearnAsync(practice.Clock.GetUtcNow(), CancellationToken.None), f => f.InstrumentId == "phq9");
        Assert.Equal(19, fit.Episodes);
        Assert.Null(fit.Bands);
        Assert.True(catalog.ExpectedRecoveryFor(phq9)!.IsSynthetic);
        Assert.Contains("expected range (synthetic reference)", await OutcomesAsync(watched), StringComparison.Ordinal);
        Assert.Contains("expected range (synthetic reference)", await SummaryAsync(therapist.Id, watched), StringComparison.Ordinal);

        // The 20th ends its care. Two runs at once (a timer firing twice) leave one fit, the same either way.
        (await practice.Http.PostAsJsonAsync($"/api/admin/clients/{clients[19]}/status", new { status = "discharged" })).EnsureSuccessStatusCode();
        var at = practice.Clock.GetUtcNow();
        var both = await Task.WhenAll(learning.LearnAsync(at, CancellationToken.None), learning.LearnAsync(at, CancellationToken.None));
        Assert.Equal(both[0], both[1]);
        var stored = Assert.Single(await StoredFitsAsync(), f => f.InstrumentId == "phq9");
        Assert.Equal(Assert.Single(both[0], f => f.InstrumentId == "phq9"), stored);
        Assert.Equal(20, stored.Episodes);

        var own = catalog.ExpectedRecoveryFor(phq9)!;
        Assert.False(own.IsSynthetic);
        Assert.Equal("expected range (this clinic's 20 completed episodes to 19 Oct 2026)", own.Label);
        Assert.Equal([2, 3, 4, 5], own.Steps.Select(s => s.CheckIn)); // check-in 6: only the 19 who reached it
        Assert.True(catalog.ExpectedRecoveryFor(catalog["gad7"])!.IsSynthetic); // nobody answered it

        // The watched client is worded against the clinic's own clients at once — on their page and in the caseload the digest reads.
        var outcomes = await OutcomesAsync(watched);
        Assert.Contains("expected range of this clinic's clients", outcomes, StringComparison.Ordinal);
        Assert.DoesNotContain("synthetic", outcomes, StringComparison.Ordinal);
        Assert.Contains("expected range of this clinic's clients", await SummaryAsync(therapist.Id, watched), StringComparison.Ordinal);

        // The admin sees on the practice page what each measure is judged against, and how far the clinic has come.
        using (var admin = new PortalBrowser(practice.Host))
        {
            await admin.SignInAsync(LocalIdentityProvider.AdminEmail);
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await (await admin.GetAsync("/portal/admin")).Content.ReadAsStringAsync());
            string Row(string measure) => string.Join(" | ", page.QuerySelectorAll("#expected-recovery tbody tr").Single(r => r.Children[0].TextContent == measure).Children.Select(c => c.TextContent));
            Assert.Equal("PHQ-9 | this clinic's 20 completed episodes to 19 Oct 2026 | 20 | Mon 19 Oct 2026, 08:00 (UTC)", Row("PHQ-9"));
            Assert.Equal("GAD-7 | the synthetic reference (not this clinic's clients) | 0 of 20 | Mon 19 Oct 2026, 08:00 (UTC)", Row("GAD-7"));
        }

        // The other instance follows within its refresh period, without a run of its own.
        Assert.True(secondCatalog.ExpectedRecoveryFor(phq9)!.IsSynthetic);
        var followed = secondCatalog.Learned.NextChange;
        practice.Clock.Advance(Hosting.Learning.ExpectedRecoveryRefresh.Every);
        await followed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(own.Steps, secondCatalog.ExpectedRecoveryFor(phq9)!.Steps);

        // An instance that starts later has the clinic's bands before it serves anything.
        await using (var third = await practice.SecondInstanceAsync())
        {
            Assert.Equal(own.Steps, third.Services.GetRequiredService<InstrumentCatalog>().ExpectedRecoveryFor(phq9)!.Steps);
        }

        // A fit that cannot be read, or of a measure the clinic does not use, is left out — the rest stands.
        var table = practice.Tables.GetTableClient(TableExpectedRecoveryFits.Table);
        await table.UpsertEntityAsync(new TableEntity("expected-recovery", "gad7") { ["FittedAt"] = at.AddYears(1), ["Episodes"] = 500, ["Bands"] = "{not bands" });
        await table.UpsertEntityAsync(new TableEntity("expected-recovery", "oq45") { ["FittedAt"] = at, ["Episodes"] = 500, ["Bands"] = stored.Bands });
        Assert.False(await learning.RefreshAsync(CancellationToken.None));
        Assert.True(catalog.ExpectedRecoveryFor(catalog["gad7"])!.IsSynthetic);
        Assert.Same(own, catalog.ExpectedRecoveryFor(phq9));

        // A run never records over a later fit: the (broken) gad7 row dated next year stays as it is.
        await learning.LearnAsync(practice.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(500, Assert.Single(await StoredFitsAsync(), f => f.InstrumentId == "gad7").Episodes);

        // A storage outage mid-scan fails the run before it records anything: the fits and the bands in use stay, for the next run to redo.
        var before = await StoredFitsAsync();
        practice.Outage.FailWhen = message => message.Request.Method == Azure.Core.RequestMethod.Get && message.Request.Uri.Query.Contains(clients[7], StringComparison.Ordinal);
        try
        {
            await Assert.ThrowsAsync<Practice.StorageUnavailableException>(() => learning.LearnAsync(practice.Clock.GetUtcNow().AddDays(7), CancellationToken.None));
        }
        finally
        {
            practice.Outage.FailWhen = null;
        }

        Assert.Equal(before, await StoredFitsAsync());
        Assert.Same(own, catalog.ExpectedRecoveryFor(phq9));

        // Erasing a client takes the clinic below 20: its bands reflect the records it holds, so the synthetic reference is back.
        (await practice.Http.DeleteAsync($"/api/admin/clients/{clients[5]}")).EnsureSuccessStatusCode();
        await learning.LearnAsync(practice.Clock.GetUtcNow(), CancellationToken.None);
        Assert.True(catalog.ExpectedRecoveryFor(phq9)!.IsSynthetic);
        Assert.Contains("expected range (synthetic reference)", await SummaryAsync(therapist.Id, watched), StringComparison.Ordinal);
    }

    /// <summary>Client <paramref name="i"/>'s PHQ-9 totals: the first stays at 20; the others start at 12 to 20 and fall at their own pace, not quite evenly.</summary>
    private static int[] Course(int i, int checkIns) =>
        Enumerable.Range(0, checkIns)
            .Select(k => i == 0 ? 20 : k == 0 ? 12 + (i % 9) : Math.Clamp((int)Math.Round(12 + (i % 9) - ((0.5 + (0.5 * (i % 5))) * k) + (((i * 7) + (k * 3)) % 5) - 2), 0, 27))
            .ToArray();

    private async Task AnswerAsync(string client, int phq9)
    {
        var token = await practice.InviteAsync(client);
        (await practice.SubmitAsync(token, new { answers = new Dictionary<string, object> { ["phq9"] = TherapistPractice.Phq9(phq9) } })).EnsureSuccessStatusCode();
    }

    /// <summary>The client's findings as their outcomes say them now (their alerts keep the words they were told in).</summary>
    private async Task<string> OutcomesAsync(string client)
    {
        var outcomes = await practice.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/clients/{client}/outcomes");
        return string.Join('\n', outcomes.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("description").GetString()));
    }

    private async Task<string> SummaryAsync(string therapistId, string client)
    {
        var caseload = await new TableCaseloads(new PracticeTables(practice.Tables)).ReadCaseloadAsync(therapistId, CancellationToken.None);
        return string.Join('\n', caseload.Clients.Single(c => c.ClientId == client).Findings.Select(f => f.Description));
    }

    private async Task<IReadOnlyList<ExpectedRecoveryFit>> StoredFitsAsync() =>
        await new TableExpectedRecoveryFits(practice.Tables).ListAsync(CancellationToken.None);
}
