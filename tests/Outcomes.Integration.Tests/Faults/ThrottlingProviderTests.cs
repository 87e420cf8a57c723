using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Practice.Email;
using Outcomes.Storage;
using Xunit.Abstractions;

namespace Outcomes.Integration.Tests.Faults;

/// <summary>
/// Email through a provider that throttles (one email a second, 429 with Retry-After otherwise) and
/// fails in bursts (503): risk alerts go first on their own lane, throttled emails wait for the
/// provider without spending their retries, nothing is poisoned and nothing is sent twice.
/// </summary>
public sealed class ThrottlingProviderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ThrottlingAcs _acs = null!;
    private FaultPractice _practice = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartAsync(TimeSpan providerInterval, int maxPerMinute)
    {
        _acs = await ThrottlingAcs.StartAsync(providerInterval);
        _practice = await FaultPractice.StartAsync(
            "--Outcomes:Email:Sender=Acs", $"--Outcomes:Email:Endpoint={_acs.Url}", $"--Outcomes:Email:AccessKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            "--Outcomes:Email:From=DoNotReply@clinic.example", $"--Outcomes:Email:MaxPerMinute={maxPerMinute}");
    }

    public async Task DisposeAsync()
    {
        await _practice.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task RiskAlertWithThreeHundredBulkEmailsQueued_ReachesTheProviderFirstAndThrottlingSpendsNoRetries()
    {
        await StartAsync(TimeSpan.FromSeconds(1), maxPerMinute: 60);
        var delivery = _practice.Host.Services.GetRequiredService<EmailDelivery>();
        for (var i = 0; i < 300; i++)
        {
            await delivery.QueueAsync(new EmailMessage($"bulk:{i}", $"client{i}@client.example", $"Time for your check-in ({i})", "Your link: https://x.example/q/t", "<p>Your link</p>"), CancellationToken.None);
        }

        var therapist = await _practice.EnrolTherapistAsync("lanes@clinic.example");
        var client = await _practice.EnrolClientAsync(therapist, "R-1");
        var token = await _practice.InviteAsync(client);
        _acs.FailNext(2); // and the provider stumbles just then
        var submitted = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await _practice.Http.PostAsJsonAsync($"/api/q/{token}", FaultPractice.Answers(12, 2))).StatusCode);

        await _practice.WaitUntilAsync(() => Task.FromResult(_acs.Accepted.Any(a => a.Subject.StartsWith("Risk alert: client R-1", StringComparison.Ordinal))));
        var accepted = _acs.Accepted.ToList();
        var risk = accepted.FindIndex(a => a.Subject.StartsWith("Risk alert", StringComparison.Ordinal));
        output.WriteLine($"Risk answer to the provider's acceptance: {(accepted[risk].At - submitted).TotalSeconds:0.00} s, behind {risk} of 300 bulk emails; answers so far: {string.Join(", ", _acs.Answers.Select(a => $"{a.Key} ×{a.Value}"))}");
        Assert.True(risk < 60, $"the risk alert waited behind {risk} bulk emails"); // on one lane it would come after all 300, five minutes on

        // A while of throttled sending later: the bulk lane waited for the provider without spending
        // a retry (attempts 0), nothing was poisoned, nothing accepted twice.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromMinutes(1))));
        var outbox = new TableOutbox(StorageClients.Tables(_practice.Azurite.ConnectionString));
        for (var i = 0; i < 300; i++)
        {
            var entry = await outbox.FindAsync($"bulk:{i}", CancellationToken.None);
            Assert.NotEqual(EmailStatus.Failed, entry!.Status);
            Assert.Equal(0, entry.Attempts);
        }

        Assert.Equal(0, await _practice.PoisonCountAsync());
        Assert.Equal(_acs.Accepted.Count, _acs.Accepted.Select(a => a.OperationId).Distinct().Count());
    }

    [Fact]
    public async Task TherapistsAddressRefused_RiskAlertFailsAtOnceWithTheReasonAndGoesToTheDutyContactNow()
    {
        await StartAsync(TimeSpan.FromMilliseconds(100), maxPerMinute: 0);
        _acs.Refused["refused@clinic.example"] = true;
        var therapist = await _practice.EnrolTherapistAsync("refused@clinic.example");
        var client = await _practice.EnrolClientAsync(therapist, "F-1");
        var token = await _practice.InviteAsync(client);
        Assert.Equal(HttpStatusCode.Accepted, (await _practice.Http.PostAsJsonAsync($"/api/q/{token}", FaultPractice.Answers(12, 3))).StatusCode);

        // Not four hours later: the duty contact hears as soon as the provider refuses the therapist's email.
        await _practice.WaitUntilAsync(() => Task.FromResult(_acs.Accepted.Any(a => a.Subject.StartsWith("Risk alert not delivered: client F-1", StringComparison.Ordinal))));
        var outcomes = await _practice.OutcomesAsync(client);
        var alert = Assert.Single(outcomes.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "RiskAnswer");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, alert.GetProperty("escalatedAt").ValueKind);

        var outbox = new TableOutbox(StorageClients.Tables(_practice.Azurite.ConnectionString));
        var failed = await outbox.FindAsync(EmailKeys.RiskAlert(client, alert.GetProperty("key").GetString()!), CancellationToken.None);
        Assert.Equal(EmailStatus.Failed, failed!.Status);
        Assert.True(failed.Permanent);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("refused the email: 400", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("refused@clinic.example", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await _practice.PoisonCountAsync());
    }

    [Fact]
    public async Task ThrottledAndFailingInBursts_EveryEmailArrivesOnceAndNoneIsPoisoned()
    {
        await StartAsync(TimeSpan.FromMilliseconds(100), maxPerMinute: 0); // unpaced: the provider's 429s do all the pacing
        var delivery = _practice.Host.Services.GetRequiredService<EmailDelivery>();
        _acs.FailNext(10);
        for (var i = 0; i < 40; i++)
        {
            await delivery.QueueAsync(new EmailMessage($"burst:{i}", $"client{i}@client.example", $"Reminder ({i})", "Your link", "<p>Your link</p>"), CancellationToken.None);
            if (i == 20)
            {
                _acs.FailNext(10);
            }
        }

        await _practice.WaitUntilAsync(() => Task.FromResult(_acs.Accepted.Count >= 40));
        Assert.Equal(40, _acs.Accepted.Select(a => a.OperationId).Distinct().Count());
        Assert.Equal(40, _acs.Accepted.Count);
        Assert.True(_acs.Answers.GetValueOrDefault(503) >= 20 && _acs.Answers.GetValueOrDefault(429) > 0, string.Join(", ", _acs.Answers));
        Assert.Equal(0, await _practice.PoisonCountAsync());
        var outbox = new TableOutbox(StorageClients.Tables(_practice.Azurite.ConnectionString));
        Assert.Empty(await outbox.ListUnsentAsync(CancellationToken.None));
    }
}
