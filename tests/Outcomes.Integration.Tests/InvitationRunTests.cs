using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Local;
using Outcomes.Practice;
using Outcomes.Practice.Email;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests;

/// <summary>
/// Invitations on a schedule, against Azurite, with the runs driven by hand at chosen times: on
/// time, repeated, late, with a reminder, and never for an answered link.
/// </summary>
public sealed class InvitationRunTests : IAsyncLifetime
{
    private LocalHost _host = null!;
    private HttpClient _http = null!;
    private InvitationRun _run = null!;
    private TableOutbox _outbox = null!;
    private TableClient _clients = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalHost.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--Outcomes:AdminKey=k", $"--Outcomes:Email:Folder={Path.Combine(Path.GetTempPath(), $"outcomes-inv-{Guid.NewGuid():N}")}"],
            TextWriter.Null,
            CancellationToken.None,
            new LocalHostOptions { Queues = PracticeFixture.FastQueues, RunTimers = false });
        _http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        _http.DefaultRequestHeaders.Add(LocalHost.AdminKeyHeader, "k");
        _run = _host.Services.GetRequiredService<InvitationRun>();
        _outbox = new TableOutbox(StorageClients.Tables(_host.Azurite!.ConnectionString));
        _clients = StorageClients.Tables(_host.Azurite.ConnectionString).GetTableClient(PracticeTables.ClientsTable);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Schedule_InvitesOnceOnTimeRemindsOnceAndSkipsNoCycleWhenLate()
    {
        var client = await EnrolAsync("America/New_York");
        var first = Assert.Single(await _host.Services.GetRequiredService<ISchedule>().DueAsync(DateTimeOffset.UtcNow.AddDays(3), DueList.Invitations, CancellationToken.None), d => d.ClientId == client);
        Assert.Equal(18, TimeZoneInfo.ConvertTime(first.DueAt, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).Hour);

        // Before it is due: nothing. On time: one invitation. Repeated: still one.
        await _run.RunAsync(first.DueAt.AddMinutes(-1), CancellationToken.None);
        Assert.Null(await _outbox.FindAsync($"invitation:{client}:{first.Cycle:yyyy-MM-dd}", CancellationToken.None));
        await _run.RunAsync(first.DueAt, CancellationToken.None);
        await _run.RunAsync(first.DueAt.AddMinutes(5), CancellationToken.None);
        var invitation = await _outbox.FindAsync($"invitation:{client}:{first.Cycle:yyyy-MM-dd}", CancellationToken.None);
        Assert.NotNull(invitation);
        Assert.Contains($"{_host.BaseUrl}/q/", invitation.Message.Text);
        Assert.Equal(1, await CountAsync(client, "invitation|"));

        // The booked reminder keeps no link, nor anything the link's token could be read from without the key.
        var token = invitation.Message.Text[(invitation.Message.Text.IndexOf("/q/", StringComparison.Ordinal) + 3)..].Split('\n')[0].Trim();
        var schedule = StorageClients.Tables(_host.Azurite!.ConnectionString).GetTableClient(TableSchedule.Table);
        await foreach (var row in schedule.QueryAsync<TableEntity>())
        {
            Assert.All(row.Select(p => p.Value), value => Assert.DoesNotContain(token, value?.ToString() ?? "", StringComparison.Ordinal));
            Assert.All(row.Select(p => p.Value), value => Assert.DoesNotContain("/q/", value?.ToString() ?? "", StringComparison.Ordinal));
        }

        // Unanswered after 48 hours: one reminder with the same link.
        await _run.RunAsync(first.DueAt.AddHours(48), CancellationToken.None);
        await _run.RunAsync(first.DueAt.AddHours(49), CancellationToken.None);
        var reminder = await _outbox.FindAsync($"reminder:{client}:{first.Cycle:yyyy-MM-dd}", CancellationToken.None);
        Assert.NotNull(reminder);
        Assert.Contains(invitation.Message.Text[invitation.Message.Text.IndexOf("http", StringComparison.Ordinal)..].Split('\n')[0], reminder.Message.Text);

        // Three weeks late: the client is invited for the current cycle, not for the ones missed.
        await _run.RunAsync(first.DueAt.AddDays(21).AddHours(3), CancellationToken.None);
        Assert.NotNull(await _outbox.FindAsync($"invitation:{client}:{first.Cycle.AddDays(7):yyyy-MM-dd}", CancellationToken.None));
        Assert.Null(await _outbox.FindAsync($"invitation:{client}:{first.Cycle.AddDays(14):yyyy-MM-dd}", CancellationToken.None));
        var next = Assert.Single(await _host.Services.GetRequiredService<ISchedule>().DueAsync(first.DueAt.AddDays(60), DueList.Invitations, CancellationToken.None), d => d.ClientId == client && d.Kind == DueKind.Invitation);
        Assert.True(next.DueAt > first.DueAt.AddDays(21).AddHours(3));
    }

    [Fact]
    public async Task AnsweredInvitation_GetsNoReminder()
    {
        var client = await EnrolAsync("Europe/London");
        var first = Assert.Single(await _host.Services.GetRequiredService<ISchedule>().DueAsync(DateTimeOffset.UtcNow.AddDays(3), DueList.Invitations, CancellationToken.None), d => d.ClientId == client);
        await _run.RunAsync(first.DueAt, CancellationToken.None);
        var text = (await _outbox.FindAsync($"invitation:{client}:{first.Cycle:yyyy-MM-dd}", CancellationToken.None))!.Message.Text;
        var token = text[(text.IndexOf("/q/", StringComparison.Ordinal) + 3)..].Split('\n')[0].Trim();

        var submitted = await _http.PostAsJsonAsync($"/api/q/{token}", new { answers = new { phq9 = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 0 } } });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);

        await _run.RunAsync(first.DueAt.AddHours(48), CancellationToken.None);
        Assert.Null(await _outbox.FindAsync($"reminder:{client}:{first.Cycle:yyyy-MM-dd}", CancellationToken.None));
    }

    [Fact]
    public async Task PausedClientsAreNotInvitedUntilResumedAndDischargedOnesNeverAgain()
    {
        var paused = await EnrolAsync("Europe/Berlin");
        var discharged = await EnrolAsync("Europe/Berlin");
        var schedule = _host.Services.GetRequiredService<ISchedule>();
        var first = Assert.Single(await schedule.DueAsync(DateTimeOffset.UtcNow.AddDays(3), DueList.Invitations, CancellationToken.None), d => d.ClientId == paused);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _http.PostAsJsonAsync($"/api/admin/clients/{paused}/status", new { status = "paused" })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _http.PostAsJsonAsync($"/api/admin/clients/{discharged}/status", new { status = "discharged" })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _http.PostAsJsonAsync($"/api/admin/clients/{paused}/status", new { status = "gone" })).StatusCode);

        await _run.RunAsync(first.DueAt, CancellationToken.None);
        Assert.Null(await _outbox.FindAsync($"invitation:{paused}:{first.Cycle:yyyy-MM-dd}", CancellationToken.None));
        Assert.Null(await _outbox.FindAsync($"invitation:{discharged}:{first.Cycle:yyyy-MM-dd}", CancellationToken.None));
        var later = await schedule.DueAsync(first.DueAt.AddDays(30), DueList.Invitations, CancellationToken.None);
        Assert.Contains(later, d => d.ClientId == paused);
        Assert.DoesNotContain(later, d => d.ClientId == discharged);

        // Resumed: invited at the next cycle.
        await _http.PostAsJsonAsync($"/api/admin/clients/{paused}/status", new { status = "active" });
        await _run.RunAsync(first.DueAt.AddDays(7), CancellationToken.None);
        Assert.NotNull(await _outbox.FindAsync($"invitation:{paused}:{first.Cycle.AddDays(7):yyyy-MM-dd}", CancellationToken.None));
    }

    private async Task<string> EnrolAsync(string timeZone)
    {
        var therapist = await Id(await _http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr S", email = "s@clinic.example", timeZone }));
        return await Id(await _http.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist, displayCode = "S-1", email = "s1@clinic.example", instruments = new[] { "phq9" }, cadenceDays = 7, timeZone }));
    }

    private async Task<int> CountAsync(string client, string prefix)
    {
        var count = 0;
        await foreach (var row in _clients.QueryAsync<TableEntity>(e => e.PartitionKey == client))
        {
            count += row.RowKey.StartsWith(prefix, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    private static async Task<string> Id(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
