using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using MimeKit;
using Outcomes.Local;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests.Faults;

/// <summary>
/// A practice of its own for the fault suite: Azurite with its data on disk (so that it can be
/// stopped and started again with everything in place) and a local host that can be stopped
/// mid-work and started again on the same storage. Its poison queues are its own, so a test can
/// assert they hold nothing.
/// </summary>
public sealed class FaultPractice : IAsyncDisposable
{
    public const string AdminKey = "fault-suite-admin-key";

    private readonly string _folder;
    private readonly (int Blob, int Queue, int Table) _ports;

    private readonly string[] _settings;

    private FaultPractice(Azurite azurite, string folder, string[] settings)
    {
        _settings = settings;
        Azurite = azurite;
        _folder = folder;
        _ports = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
    }

    public Azurite Azurite { get; private set; }
    public LocalHost Host { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public string EmailFolder { get; } = Directory.CreateTempSubdirectory("outcomes-faults-emails-").FullName;
    public QueueServiceClient Queues => StorageClients.Queues(Azurite.ConnectionString);

    /// <summary>Queue timing for the suite: quick retries, and a lease short enough that work a stopped host held comes back within seconds.</summary>
    public static QueueSettings Timing { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), 16, 5) { Lease = TimeSpan.FromSeconds(10) };

    /// <summary>Starts the practice; <paramref name="settings"/> (<c>--Outcomes:Email:Sender=Acs</c> …) are added to the host's.</summary>
    public static async Task<FaultPractice> StartAsync(params string[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-faults-azurite-").FullName;
        var practice = new FaultPractice(await Azurite.StartAsync(TextWriter.Null, CancellationToken.None, folder), folder, settings);
        await practice.StartHostAsync();
        return practice;
    }

    public async Task StartHostAsync()
    {
        var connection = Azurite.ConnectionString;
        Host = await LocalHost.StartAsync(
            [
                "--urls", "http://127.0.0.1:0", $"--{StorageClients.TablesSetting}={connection}", $"--{StorageClients.QueuesSetting}={connection}",
                $"--{LocalHost.AdminKeySetting}={AdminKey}", $"--Outcomes:Email:Folder={EmailFolder}", "--Outcomes:DutyContact=duty@clinic.example",
                .. _settings,
            ],
            TextWriter.Null,
            CancellationToken.None,
            new LocalHostOptions { Queues = Timing, RunTimers = false });
        Http = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        Http.DefaultRequestHeaders.Add(LocalHost.AdminKeyHeader, AdminKey);
    }

    /// <summary>
    /// Stops the host mid-work: handlers in flight are cancelled where they stand, their messages
    /// neither deleted nor released, so they come back when their lease ends, as after a crash.
    /// </summary>
    public async Task StopHostAbruptlyAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    public Task StopStorageAsync() => Azurite.StopAsync();

    public async Task StartStorageAsync() => Azurite = await Azurite.StartAsync(TextWriter.Null, CancellationToken.None, _folder, _ports);

    public async Task<string> EnrolTherapistAsync(string email)
    {
        var response = await Http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr Fault", email, timeZone = "Europe/London" });
        return await IdAsync(response);
    }

    public async Task<string> EnrolClientAsync(string therapistId, string displayCode)
    {
        var response = await Http.PostAsJsonAsync("/api/admin/clients", new
        {
            therapistId, displayCode, email = $"{displayCode.ToLowerInvariant()}@client.example", instruments = new[] { "phq9", "gad7" }, cadenceDays = 7, timeZone = "Europe/London",
        });
        return await IdAsync(response);
    }

    public async Task<string> InviteAsync(string clientId)
    {
        var response = await Http.PostAsync($"/api/admin/clients/{clientId}/invitations", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        return url[(url.LastIndexOf('/') + 1)..];
    }

    public static object Answers(int phq9Total, int item9) => new
    {
        answers = new Dictionary<string, object>
        {
            ["phq9"] = TherapistPractice.Phq9(phq9Total)[..8].Append(item9).ToArray(),
            ["gad7"] = new[] { 1, 1, 1, 1, 1, 1, 1 },
        },
    };

    public async Task<JsonElement> OutcomesAsync(string clientId)
    {
        var response = await Http.GetAsync($"/api/admin/clients/{clientId}/outcomes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// Waits, up to a minute, until <paramref name="done"/>, checking each time the queues go idle:
    /// work can also wait on a lease, a restart, or a scoring request that looks again later.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> done)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(1); !await done(); )
        {
            Assert.True(DateTime.UtcNow < deadline, "the work was not done within a minute");
            await Host.Activity.WaitUntilIdleAsync(TimeSpan.FromMinutes(1));
        }

        await Host.Activity.WaitUntilIdleAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>Every one of the client's <paramref name="responses"/> stored and scored, and every risk alert emailed.</summary>
    public async Task<bool> AllDoneAsync(string clientId, int responses)
    {
        var outcomes = await OutcomesAsync(clientId);
        return outcomes.GetProperty("responses").GetInt32() == responses
            && outcomes.GetProperty("unscoredResponses").GetInt32() == 0
            && outcomes.GetProperty("alerts").EnumerateArray().All(a => a.GetProperty("urgency").GetString() != "Immediate" || a.GetProperty("emailedAt").ValueKind != JsonValueKind.Null);
    }

    public List<MimeMessage> Emails() => Directory.GetFiles(EmailFolder, "*.eml").Select(f => MimeMessage.Load(f)).ToList();

    /// <summary>Messages waiting in the poison queues.</summary>
    public async Task<int> PoisonCountAsync()
    {
        var count = 0;
        foreach (var name in new[] { StorageQueues.Score, StorageQueues.Alerts, StorageQueues.Email, StorageQueues.UrgentEmail, StorageQueues.EmailReports })
        {
            count += (await Queues.GetQueueClient(name + "-poison").PeekMessagesAsync(32)).Value.Length;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Azurite.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
        Directory.Delete(EmailFolder, recursive: true);
    }

    private static async Task<string> IdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
