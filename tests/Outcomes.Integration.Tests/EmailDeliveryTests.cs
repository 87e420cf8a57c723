using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Outcomes.Local;
using Outcomes.Practice.Email;
using Outcomes.Storage;

namespace Outcomes.Integration.Tests;

/// <summary>Email through the outbox and the email queue, against Azurite: nothing lost, nothing sent twice.</summary>
[Collection(nameof(PracticeCollection))]
public class EmailDeliveryTests(PracticeFixture practice)
{
    [Fact]
    public async Task SameEmailQueuedTwice_IsSentOnceAndMarkedSent()
    {
        var key = $"test:{Guid.NewGuid():N}";
        var message = new EmailMessage(key, "client@clinic.example", "Time for your check-in", $"Your link ({key}): https://x.example/q/t", "<p><a href=\"https://x.example/q/t\">Check in</a></p>");
        var delivery = practice.Host.Services.GetRequiredService<EmailDelivery>();

        await delivery.QueueAsync(message, CancellationToken.None);
        await delivery.QueueAsync(message, CancellationToken.None);

        var outbox = new TableOutbox(practice.Tables);
        var entry = await WaitAsync(() => outbox.FindAsync(key, CancellationToken.None), e => e?.Status == EmailStatus.Sent);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30)); // a second send, if there were one, has happened by now
        Assert.Equal(1, Sent(key));
        Assert.True(File.Exists(Path.Combine(practice.EmailFolder, entry!.ProviderId!)));

        // Queued again after it was sent: nothing happens.
        await delivery.QueueAsync(message, CancellationToken.None);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, Sent(key));
    }

    private int Sent(string key) =>
        Directory.GetFiles(practice.EmailFolder, "*.eml").Count(f => MimeMessage.Load(f).TextBody?.Contains(key, StringComparison.Ordinal) == true);

    [Fact]
    public async Task SmtpServerUnreachable_IsDeferredWithTheReasonAndSpendsNoRetry()
    {
        // A host of its own whose SMTP server does not exist (nothing listens on the port): the
        // provider being away is a wait, not a failure that uses up the queue's retries into poison.
        await using var host = await LocalHost.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--Outcomes:AdminKey=k", "--Outcomes:Email:Sender=Smtp", "--Outcomes:Email:SmtpHost=127.0.0.1", "--Outcomes:Email:SmtpPort=9", "--Outcomes:Email:SmtpSecurity=None", "--Outcomes:Email:From=outcomes@clinic.example"],
            TextWriter.Null,
            CancellationToken.None,
            new LocalHostOptions { Queues = PracticeFixture.FastQueues });
        var key = $"test:{Guid.NewGuid():N}";
        var queuedAt = DateTimeOffset.UtcNow;
        await host.Services.GetRequiredService<EmailDelivery>().QueueAsync(new EmailMessage(key, "t@clinic.example", "s", "t", "<p>h</p>"), CancellationToken.None);

        var outbox = new TableOutbox(StorageClients.Tables(host.Azurite!.ConnectionString));
        var entry = await WaitAsync(() => outbox.FindAsync(key, CancellationToken.None), e => e?.LastError is not null);
        await host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(EmailStatus.Pending, entry!.Status);
        Assert.Equal(0, entry.Attempts);
        Assert.Contains("could not be reached", entry.LastError, StringComparison.Ordinal);
        Assert.True(entry.NextAttemptAt >= queuedAt.AddSeconds(25), $"next attempt at {entry.NextAttemptAt}");
        var poison = StorageClients.Queues(host.Azurite.ConnectionString).GetQueueClient(StorageQueues.Email + "-poison");
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still {value} after 30 s.");
            }
        }
    }
}
