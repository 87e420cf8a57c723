using System.Net.Http.Json;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Integration.Tests.Faults;
using Outcomes.Local;
using Outcomes.Practice;
using Outcomes.Practice.Email;

namespace Outcomes.Benchmarks;

/// <summary>
/// A risk answer while 1,000 bulk emails wait, against a provider that accepts one email a second
/// and answers 429 otherwise (the throttling stand-in for ACS over real HTTP): from the client's
/// submit until the provider accepts the therapist's risk alert. The bulk lane is paced to the
/// provider's rate and keeps sending throughout; the risk alert has its own lane.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10)]
public class RiskAlertBacklogBenchmarks
{
    private ThrottlingAcs _acs = null!;
    private LocalHost _host = null!;
    private HttpClient _http = null!;
    private PracticeAdministration _administration = null!;
    private string _client = "";
    private string _token = "";

    [GlobalSetup]
    public void Setup()
    {
        _acs = ThrottlingAcs.StartAsync(TimeSpan.FromSeconds(1)).GetAwaiter().GetResult();
        _host = LocalHost.StartAsync(
            [
                "--urls", "http://127.0.0.1:0", "--Outcomes:AdminKey=bench", "--Logging:LogLevel:Default=Warning",
                "--Outcomes:Email:Sender=Acs", $"--Outcomes:Email:Endpoint={_acs.Url}", $"--Outcomes:Email:AccessKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
                "--Outcomes:Email:From=DoNotReply@clinic.example", "--Outcomes:Email:MaxPerMinute=60",
            ],
            TextWriter.Null,
            CancellationToken.None,
            new LocalHostOptions { RunTimers = false }).GetAwaiter().GetResult();
        _http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        _administration = _host.Services.GetRequiredService<PracticeAdministration>();
        var delivery = _host.Services.GetRequiredService<EmailDelivery>();
        for (var i = 0; i < 1000; i++)
        {
            delivery.QueueAsync(new EmailMessage($"backlog:{i}", $"client{i}@client.example", $"Time for your check-in ({i})", "Your link", "<p>Your link</p>"), CancellationToken.None).GetAwaiter().GetResult();
        }

        var therapist = _administration.EnrolTherapistAsync("Dr Bench", "bench@clinic.example", "UTC", actor: null, CancellationToken.None).Result;
        _client = _administration.EnrolClientAsync(therapist.Id, "R-1", "c@clinic.example", ["phq9"], 7, "UTC", actor: null, CancellationToken.None).Result.Id;
    }

    [IterationSetup]
    public void Invite()
    {
        _token = _administration.IssueInvitationAsync(_client, actor: null, CancellationToken.None).Result.Token;
        Thread.Sleep(3000); // idle long enough for every poller to back off fully
    }

    [Benchmark]
    public async Task RiskAnswerToProviderWithBacklog()
    {
        var before = RiskAlerts();
        var response = await _http.PostAsJsonAsync($"/api/q/{_token}", new { answers = new Dictionary<string, object> { ["phq9"] = new[] { 1, 2, 1, 1, 0, 1, 1, 0, 1 } } });
        response.EnsureSuccessStatusCode();
        while (RiskAlerts() == before)
        {
            await Task.Delay(5);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// Provider answers during the run: {string.Join(", ", _acs.Answers.Select(a => $"{a.Key} ×{a.Value}"))}; bulk emails accepted: {_acs.Accepted.Count(a => a.Subject.StartsWith("Time for", StringComparison.Ordinal))}");
        _http.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _acs.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private int RiskAlerts() => _acs.Accepted.Count(a => a.Subject.StartsWith("Risk alert", StringComparison.Ordinal));
}
