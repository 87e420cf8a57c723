using Outcomes.Local;

namespace Outcomes.Integration.Tests;

/// <summary>`--demo` as a newcomer runs it: the timers running, their first runs held until the demo practice is seeded.</summary>
public class DemoStartupTests
{
    [Fact]
    public async Task DemoStartUp_TheTherapistGetsExactlyOneDigest_AndTheTimersFirstRunsAddNothing()
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-demo-emails-").FullName;
        var seeding = new TaskCompletionSource();
        try
        {
            await using var host = await LocalHost.StartAsync(
                ["--urls", "http://127.0.0.1:0", $"--Outcomes:Email:Folder={folder}"],
                TextWriter.Null,
                CancellationToken.None,
                new LocalHostOptions { Queues = PracticeFixture.FastQueues, TimersStartAfter = seeding.Task });
            var schedules = new[] { "InvitationSchedule", "EscalationSchedule", "WarningSignSchedule", "DigestSchedule" };
            var before = host.Activity.RunsSoFar(schedules);

            // Held: seeding takes seconds, and no timer has run while the practice was half made.
            await DemoPractice.SeedAsync(host.App.Services, CancellationToken.None);
            Assert.All(schedules, s => Assert.Equal(before[s], host.Activity.Runs(s)));
            seeding.SetResult();
            await host.Activity.WaitForRunsAsync(before, TimeSpan.FromSeconds(30));
            await host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));

            var digests = await PracticeFixture.EmailsInAsync(folder, m => m.Subject?.StartsWith("Your weekly digest", StringComparison.Ordinal) == true);
            var digest = Assert.Single(digests);
            Assert.Contains("B-202", digest.TextBody, StringComparison.Ordinal);
            Assert.Single(await PracticeFixture.EmailsInAsync(folder, m => m.Subject?.StartsWith("Risk alert", StringComparison.Ordinal) == true));
        }
        finally
        {
            seeding.TrySetResult();
            Directory.Delete(folder, recursive: true);
        }
    }
}
