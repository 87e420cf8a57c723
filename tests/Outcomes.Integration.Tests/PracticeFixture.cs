using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Outcomes.Local;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests;

/// <summary>
/// One local host for the test collection: Azurite on free ports with in-memory storage, the HTTP
/// API on a free port, and the score queue drained with a short retry delay.
/// </summary>
public class PracticeFixture : IAsyncLifetime
{
    public const string AdminKey = "integration-test-admin-key";
    public const string DutyContact = "duty@clinic.example";
    public const string ClinicContact = "01632 960 123 (weekdays 9 to 5)";

    internal StorageOperationCounter Counter { get; } = new();
    internal StorageOutage Outage { get; } = new();
    public LocalHost Host { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The test's own view of storage, not counted and never failed.</summary>
    public TableServiceClient Tables { get; private set; } = null!;
    public QueueServiceClient Queues { get; private set; } = null!;

    /// <summary>Where the host's folder sender writes emails.</summary>
    public string EmailFolder { get; } = Directory.CreateTempSubdirectory("outcomes-emails-").FullName;

    public static QueueSettings FastQueues { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), 16, 5);

    public async Task InitializeAsync()
    {
        Host = await LocalHost.StartAsync(
            [.. Arguments(), $"--{LocalHost.AdminKeySetting}={AdminKey}", $"--Outcomes:Email:Folder={EmailFolder}", $"--Outcomes:DutyContact={DutyContact}", $"--Outcomes:ClinicContact={ClinicContact}"],
            TextWriter.Null,
            CancellationToken.None,
            // Timers off: tests run the timed jobs themselves, at the times they choose.
            Options(new LocalHostOptions { Queues = FastQueues, StoragePolicies = [Counter, Outage], RunTimers = false }));
        Http = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        Http.DefaultRequestHeaders.Add(LocalHost.AdminKeyHeader, AdminKey);
        Tables = StorageClients.Tables(Host.Azurite!.ConnectionString);
        Queues = StorageClients.Queues(Host.Azurite!.ConnectionString);
    }

    /// <summary>The host's address and whatever settings a derived fixture adds.</summary>
    protected virtual IEnumerable<string> Arguments() => ["--urls", "http://127.0.0.1:0"];

    /// <summary>What a derived fixture changes about the host.</summary>
    protected virtual LocalHostOptions Options(LocalHostOptions defaults) => defaults;

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Directory.Delete(EmailFolder, recursive: true);
    }

    public async Task<string> EnrolTherapistAsync(string email = "dr.test@clinic.example")
    {
        var response = await Http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr Test", email, timeZone = "Europe/London" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task<string> EnrolClientAsync(string? therapistId = null, string[]? instruments = null, string displayCode = "T-1", string email = "client@clinic.example")
    {
        var response = await Http.PostAsJsonAsync("/api/admin/clients", new
        {
            therapistId = therapistId ?? await EnrolTherapistAsync(),
            displayCode,
            email,
            instruments = instruments ?? ["phq9", "gad7", "checkin"],
            cadenceDays = 7,
            timeZone = "Europe/London",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A fresh link for the client; returns the token.</summary>
    public async Task<string> InviteAsync(string clientId)
    {
        var response = await Http.PostAsync($"/api/admin/clients/{clientId}/invitations", null);
        response.EnsureSuccessStatusCode();
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        return url[(url.LastIndexOf('/') + 1)..];
    }

    public Task<HttpResponseMessage> SubmitAsync(string token, object body) => Http.PostAsJsonAsync($"/api/q/{token}", body);

    public static object Answers(int[]? phq9 = null, int[]? gad7 = null) => new
    {
        answers = new Dictionary<string, object>
        {
            ["phq9"] = phq9 ?? [1, 1, 1, 1, 1, 1, 1, 1, 0],
            ["gad7"] = gad7 ?? [1, 1, 1, 1, 1, 1, 1],
            ["checkin"] = new Dictionary<string, int> { ["1"] = 2, ["2"] = 2, ["3"] = 2, ["4"] = 2, ["5"] = 2, ["6"] = 3 },
        },
    };

    /// <summary>Every row of a client's partition, read directly.</summary>
    public async Task<List<TableEntity>> RowsAsync(string clientId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Tables.GetTableClient(PracticeTables.ClientsTable).QueryAsync<TableEntity>(e => e.PartitionKey == clientId))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Waits until the client's partition shows <paramref name="condition"/>, or fails after 20 s.</summary>
    public async Task<List<TableEntity>> WaitForAsync(string clientId, Func<List<TableEntity>, bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(50))
        {
            var rows = await RowsAsync(clientId);
            if (condition(rows))
            {
                return rows;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Client {clientId} never reached the expected state; rows: {string.Join(", ", rows.Select(r => r.RowKey))}");
            }
        }
    }

    /// <summary>The emails in the outbox folder to <paramref name="to"/>, waiting up to 20 s for at least <paramref name="atLeast"/>.</summary>
    public async Task<List<MimeKit.MimeMessage>> EmailsToAsync(string to, int atLeast = 1, Func<MimeKit.MimeMessage, bool>? where = null)
    {
        return await EmailsInAsync(EmailFolder, m => m.To.Mailboxes.Any(b => b.Address == to) && (where is null || where(m)), atLeast);
    }

    /// <summary>The emails in <paramref name="folder"/> that match, waiting up to 20 s for at least <paramref name="atLeast"/> (the folder sender's files are what a test can see).</summary>
    public static async Task<List<MimeKit.MimeMessage>> EmailsInAsync(string folder, Func<MimeKit.MimeMessage, bool> where, int atLeast = 1)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(50))
        {
            var emails = Directory.GetFiles(folder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).Where(where).ToList();
            if (emails.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return emails;
            }
        }
    }

    public static int Count(List<TableEntity> rows, string prefix) => rows.Count(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal));
}

[CollectionDefinition(nameof(PracticeCollection))]
public sealed class PracticeCollection : ICollectionFixture<PracticeFixture>;
