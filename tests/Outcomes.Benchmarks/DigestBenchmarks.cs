using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Scoring;
using Outcomes.Hosting;
using Outcomes.Local;
using Outcomes.Practice;
using Outcomes.Practice.Digests;
using Outcomes.Storage;

namespace Outcomes.Benchmarks;

/// <summary>
/// Weekly digests for 50 therapists × 40 clients (each client with 6 scored check-ins, a third of
/// them deteriorating) against Azurite: the time to build and queue all 50 digests, and the storage
/// operations per therapist ("digest:" lines). The practice's services run without the local
/// host's queue processors, so that sending the emails does not compete with building them.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DigestBenchmarks
{
    private const int Therapists = 50;
    private const int ClientsEach = 40;
    private const int CheckIns = 6;

    private readonly StorageOperationCounter _counter = new();
    private Azurite _azurite = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _azurite = await Azurite.StartAsync(TextWriter.Null, CancellationToken.None);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageClients.TablesSetting] = _azurite.ConnectionString,
            [StorageClients.QueuesSetting] = _azurite.ConnectionString,
            ["Outcomes:Email:Folder"] = Path.Combine(Path.GetTempPath(), "outcomes-digest-bench"),
            ["Outcomes:PublicBaseUrl"] = "https://outcomes.example",
        }).Build();
        _services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddSingleton<IConfiguration>(configuration).AddOutcomes(configuration, _counter).BuildServiceProvider();
        await OutcomesServices.EnsureStorageAsync(_services, CancellationToken.None);

        var administration = _services.GetRequiredService<PracticeAdministration>();
        var store = _services.GetRequiredService<IClientRecords>();
        var scoring = _services.GetRequiredService<ResponseScoring>();
        var now = DateTimeOffset.UtcNow;
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, Therapists).Select(async t =>
        {
            await gate.WaitAsync();
            try
            {
                var therapist = await administration.EnrolTherapistAsync($"Dr {t}", $"dr{t}@clinic.example", "Europe/London", actor: null, CancellationToken.None);
                for (var c = 0; c < ClientsEach; c++)
                {
                    var client = await administration.EnrolClientAsync(therapist.Id, $"C-{t:D2}-{c:D2}", "c@clinic.example", ["phq9", "gad7", "checkin"], 7, "Europe/London", actor: null, CancellationToken.None);
                    for (var week = 0; week < CheckIns; week++)
                    {
                        // A third deteriorate, a third improve, a third stay where they are.
                        var phq9 = 12 + ((c % 3) switch { 0 => 2 * week, 1 => -2 * week, _ => 0 });
                        var (_, invitation) = await administration.IssueInvitationAsync(client.Id, actor: null, CancellationToken.None);
                        var at = now.AddDays(-7 * (CheckIns - week));
                        var stored = await store.FindInvitationAsync(client.Id, invitation.TokenHash, CancellationToken.None);
                        var responseId = $"{at.UtcTicks:D19}-{week:D8}";
                        var answers = new Dictionary<string, AnswerSet>
                        {
                            ["phq9"] = DemoPractice.Spread(phq9, 9, 3),
                            ["gad7"] = DemoPractice.Spread(phq9 * 2 / 3, 7, 3),
                            ["checkin"] = AnswerSet.FromValues(2, 2, 2, 2, 2, 3, 0),
                        };
                        await store.RecordResponseAsync(new StoredResponse(client.Id, responseId, therapist.Id, at, answers), stored!, CancellationToken.None);
                        await scoring.ScoreAsync(new ScoreRequest(client.Id, responseId), CancellationToken.None);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    [IterationSetup]
    public void Reset() => _counter.Reset();

    [Benchmark]
    public Task<int> AllDigests() =>
        _services.GetRequiredService<DigestRun>().SendNowAsync(null, DateTimeOffset.UtcNow, CancellationToken.None);

    [IterationCleanup]
    public void Report()
    {
        var operations = _counter.ByOperation;
        Console.WriteLine($"digest: {(double)_counter.Total / Therapists:0.##} storage operations per therapist: " +
            string.Join(", ", operations.Select(o => $"{o.Key} {(double)o.Value / Therapists:0.##}")));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
