using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Outcomes.Local;
using Outcomes.Practice;

namespace Outcomes.Benchmarks;

/// <summary>
/// A risk answer into an idle local host: from the client's submit until the therapist's email is
/// in the outbox folder (scoring queue → alerts queue → outbox → email queue → .eml file), each
/// queue polled with host.json's back-off as the Functions trigger does.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15)]
public class RiskAlertBenchmarks
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-risk-bench-").FullName;
    private LocalHost _host = null!;
    private HttpClient _http = null!;
    private PracticeAdministration _administration = null!;
    private string _client = "";
    private string _token = "";

    [GlobalSetup]
    public void Setup()
    {
        _host = LocalHost.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--Outcomes:AdminKey=bench", "--Logging:LogLevel:Default=Warning", $"--Outcomes:Email:Folder={_folder}"],
            TextWriter.Null,
            CancellationToken.None,
            new LocalHostOptions { RunTimers = false }).GetAwaiter().GetResult();
        _http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        _administration = (PracticeAdministration)_host.Services.GetService(typeof(PracticeAdministration))!;
        var therapist = _administration.EnrolTherapistAsync("Dr Bench", "bench@clinic.example", "UTC", actor: null, CancellationToken.None).Result;
        _client = _administration.EnrolClientAsync(therapist.Id, "R-1", "c@clinic.example", ["phq9", "gad7"], 7, "UTC", actor: null, CancellationToken.None).Result.Id;
    }

    [IterationSetup]
    public void Invite()
    {
        _token = _administration.IssueInvitationAsync(_client, actor: null, CancellationToken.None).Result.Token;
        Thread.Sleep(3000); // idle long enough for every poller to back off fully
    }

    [Benchmark]
    public async Task SubmitToTherapistsEmail()
    {
        var before = Directory.GetFiles(_folder, "*.eml").Length;
        var response = await _http.PostAsJsonAsync($"/api/q/{_token}", new
        {
            answers = new Dictionary<string, object> { ["phq9"] = new[] { 1, 2, 1, 1, 0, 1, 1, 0, 1 }, ["gad7"] = new[] { 1, 1, 1, 0, 0, 1, 1 } },
        });
        response.EnsureSuccessStatusCode();
        while (Directory.GetFiles(_folder, "*.eml").Length == before)
        {
            await Task.Delay(5);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }
}
