using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Outcomes.Local;
using Outcomes.Practice;
using Outcomes.Storage;

namespace Outcomes.Benchmarks;

/// <summary>
/// One response into an idle pipeline: submit, then wait until its score row exists. The queue is
/// polled with the back-off of host.json (up to maxPollingInterval), as the Functions trigger does.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 20)]
public class SingleResponseBenchmarks
{
    private LocalHost _host = null!;
    private HttpClient _http = null!;
    private TableClient _clients = null!;
    private PracticeAdministration _administration = null!;
    private string _client = "";
    private string _token = "";

    [GlobalSetup]
    public void Setup()
    {
        _host = LocalHost.StartAsync(["--urls", "http://127.0.0.1:0", "--Outcomes:AdminKey=bench", "--Logging:LogLevel:Default=Warning"], TextWriter.Null, CancellationToken.None).GetAwaiter().GetResult();
        _http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        _clients = StorageClients.Tables(_host.Azurite!.ConnectionString).GetTableClient(PracticeTables.ClientsTable);
        _administration = (PracticeAdministration)_host.Services.GetService(typeof(PracticeAdministration))!;
        var therapist = _administration.EnrolTherapistAsync("Dr Bench", "bench@clinic.example", "UTC", actor: null, CancellationToken.None).Result;
        _client = _administration.EnrolClientAsync(therapist.Id, "S-1", "c@clinic.example", ["phq9", "gad7", "checkin"], 7, "UTC", actor: null, CancellationToken.None).Result.Id;
    }

    [IterationSetup]
    public void Invite()
    {
        _token = _administration.IssueInvitationAsync(_client, actor: null, CancellationToken.None).Result.Token;
        Thread.Sleep(3000); // idle long enough for the poller to back off fully
    }

    [Benchmark]
    public async Task SubmitToScored()
    {
        var response = await _http.PostAsJsonAsync($"/api/q/{_token}", new
        {
            answers = new Dictionary<string, object>
            {
                ["phq9"] = new[] { 1, 2, 1, 1, 0, 1, 1, 0, 0 },
                ["gad7"] = new[] { 1, 1, 1, 0, 0, 1, 1 },
                ["checkin"] = new Dictionary<string, int> { ["1"] = 2, ["2"] = 3, ["3"] = 2, ["4"] = 2, ["5"] = 2, ["6"] = 3 },
            },
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("responseId").GetString()!;
        while (!(await _clients.GetEntityIfExistsAsync<TableEntity>(_client, "score|" + id)).HasValue)
        {
            await Task.Delay(10);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
