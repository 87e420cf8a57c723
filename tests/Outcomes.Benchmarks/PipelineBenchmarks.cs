using System.Collections.Concurrent;
using System.Diagnostics;
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
/// 2,000 submissions through the local host's HTTP API against Azurite, each scored through the
/// queue: throughput, submit → scored latency and storage operations per response. Timing is
/// BenchmarkDotNet's; the other figures are printed after each iteration ("pipeline:" lines).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class PipelineBenchmarks
{
    private const int Submissions = 2_000;
    private const int Clients = 200;
    private const int Concurrency = 16;

    private readonly StorageOperationCounter _counter = new();
    private LocalHost _host = null!;
    private HttpClient _http = null!;
    private TableClient _clients = null!;
    private List<string> _clientIds = [];
    private List<string> _tokens = [];
    private readonly ConcurrentDictionary<string, DateTimeOffset> _submittedAt = new();
    private Stopwatch _elapsed = new();

    [GlobalSetup]
    public void Setup()
    {
        _host = LocalHost.StartAsync(["--urls", "http://127.0.0.1:0", "--Outcomes:AdminKey=bench", "--Logging:LogLevel:Default=Warning"], TextWriter.Null, CancellationToken.None, new LocalHostOptions { StoragePolicies = [_counter] }).GetAwaiter().GetResult();
        _http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        _http.DefaultRequestHeaders.Add(LocalHost.AdminKeyHeader, "bench");
        _clients = StorageClients.Tables(_host.Azurite!.ConnectionString).GetTableClient(PracticeTables.ClientsTable);
        var therapist = Id(_http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr Bench", email = "bench@clinic.example", timeZone = "UTC" }).Result);
        _clientIds = Enumerable.Range(0, Clients)
            .Select(i => Id(_http.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist, displayCode = $"B-{i}", email = "c@clinic.example", instruments = new[] { "phq9", "gad7", "checkin" }, cadenceDays = 7, timeZone = "UTC" }).Result))
            .ToList();
    }

    [IterationSetup]
    public void IssueInvitations()
    {
        var administration = (PracticeAdministration)_host.Services.GetService(typeof(PracticeAdministration))!;
        _tokens = Enumerable.Range(0, Submissions)
            .Select(i => administration.IssueInvitationAsync(_clientIds[i % Clients], actor: null, CancellationToken.None).Result.Token)
            .ToList();
        _submittedAt.Clear();
        Thread.Sleep(500);
        _counter.Reset();
    }

    [Benchmark]
    public async Task SubmitAndScore2000Responses()
    {
        _elapsed = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(Concurrency);
        var random = new Random(1);
        await Task.WhenAll(_tokens.Select(async (token, i) =>
        {
            await gate.WaitAsync();
            try
            {
                var started = DateTimeOffset.UtcNow;
                var response = await _http.PostAsJsonAsync($"/api/q/{token}", Answers(random.Next(0, 4), i));
                response.EnsureSuccessStatusCode();
                var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("responseId").GetString()!;
                _submittedAt[id] = started;
            }
            finally
            {
                gate.Release();
            }
        }));

        await WaitUntilScoredAsync();
        _elapsed.Stop();
    }

    [IterationCleanup]
    public void Report()
    {
        var latencies = new List<double>();
        foreach (var score in _clients.Query<TableEntity>(e => e.RowKey.CompareTo("score|") >= 0 && e.RowKey.CompareTo("score}") < 0))
        {
            if (_submittedAt.TryGetValue(score.RowKey["score|".Length..], out var submitted))
            {
                latencies.Add((score.GetDateTimeOffset("ScoredAt")!.Value - submitted).TotalMilliseconds);
            }
        }

        latencies.Sort();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)];
        Console.WriteLine($"pipeline: {Submissions} responses in {_elapsed.Elapsed.TotalSeconds:0.00} s = {Submissions / _elapsed.Elapsed.TotalSeconds:0} responses/s; submit→scored p50 {Percentile(0.5):0} ms, p95 {Percentile(0.95):0} ms (n = {latencies.Count})");
        Console.WriteLine($"pipeline: storage operations per response {(double)_counter.Total / Submissions:0.00} ({_counter.Total} in all)");
        foreach (var (operation, count) in _counter.ByOperation)
        {
            Console.WriteLine($"pipeline:   {operation}: {(double)count / Submissions:0.00} per response");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private async Task WaitUntilScoredAsync()
    {
        var pending = new HashSet<string>(_submittedAt.Keys);
        while (pending.Count > 0)
        {
            await Task.Delay(100);
            await foreach (var score in _clients.QueryAsync<TableEntity>(e => e.RowKey.CompareTo("score|") >= 0 && e.RowKey.CompareTo("score}") < 0, select: ["RowKey"]))
            {
                pending.Remove(score.RowKey["score|".Length..]);
            }
        }
    }

    private static object Answers(int level, int i) => new
    {
        answers = new Dictionary<string, object>
        {
            ["phq9"] = Enumerable.Range(0, 9).Select(item => item == 8 ? (i % 50 == 0 ? 1 : 0) : (level + item) % 4).ToArray(),
            ["gad7"] = Enumerable.Range(0, 7).Select(item => (level + item + 1) % 4).ToArray(),
            ["checkin"] = new Dictionary<string, int> { ["1"] = level, ["2"] = level, ["3"] = 2, ["4"] = 2, ["5"] = 2, ["6"] = 3 },
        },
    };

    private static string Id(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return response.Content.ReadFromJsonAsync<JsonElement>().Result.GetProperty("id").GetString()!;
    }
}
