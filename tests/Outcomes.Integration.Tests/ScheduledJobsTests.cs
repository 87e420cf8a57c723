using Microsoft.Extensions.Time.Testing;
using Outcomes.Local;

namespace Outcomes.Integration.Tests;

/// <summary>A practice whose clock the test moves on, with the local host's timers running as they would in production.</summary>
public sealed class ClockedPracticeFixture : PracticeFixture
{
    /// <summary>Monday 30 November 2026, 07:00 in London (GMT).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));

    protected override LocalHostOptions Options(LocalHostOptions defaults) => defaults with { Time = Clock, RunTimers = true };
}

[CollectionDefinition(nameof(ClockedPracticeCollection))]
public sealed class ClockedPracticeCollection : ICollectionFixture<ClockedPracticeFixture>;

/// <summary>
/// The local host fires the Functions app's schedules (host settings, NCRONTAB), driven here by a
/// TimeProvider: the weekly digest at the therapist's hour, the warning signs on the hour, the
/// escalation of an unacknowledged risk alert after four hours.
/// </summary>
[Collection(nameof(ClockedPracticeCollection))]
public class ScheduledJobsTests(ClockedPracticeFixture practice)
{
    [Fact]
    public async Task Timers_SendTheWarningsAndTheDigestOnTheHourAndEscalateAfterFourHours()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice); // digest: Mondays at 8:00, London
        var client = await therapist.EnrolClientAsync("T-100");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(5));
        practice.Clock.Advance(TimeSpan.FromMinutes(1)); // 07:01
        await therapist.AnswerAsync(client, [3, 3, 3, 3, 2, 1, 0, 0, 1]); // 16, with a risk answer
        Assert.Single(await therapist.EmailsAsync("Risk alert"));
        Assert.Empty(await practice.EmailsToAsync(therapist.Email, 0, m => m.Subject?.StartsWith("Your weekly digest", StringComparison.Ordinal) == true));

        await AdvanceAsync(TimeSpan.FromMinutes(60)); // 08:01: the hourly runs have fired at 08:00
        var digest = Assert.Single(await therapist.EmailsAsync("Your weekly digest"));
        Assert.Contains("T-100", digest.HtmlBody, StringComparison.Ordinal);
        var warnings = Assert.Single(await therapist.EmailsAsync("New warning signs"));
        Assert.Contains("PHQ-9 rose from 5 to 16 since baseline: reliable deterioration", warnings.TextBody, StringComparison.Ordinal);
        Assert.Empty(await practice.EmailsToAsync(PracticeFixture.DutyContact, 0, m => m.Subject?.Contains("T-100", StringComparison.Ordinal) == true));

        await AdvanceAsync(TimeSpan.FromHours(3)); // 11:01: four hours after the alert (07:01), nobody acknowledged it
        var escalation = Assert.Single(await practice.EmailsToAsync(PracticeFixture.DutyContact, 1, m => m.Subject?.Contains("T-100", StringComparison.Ordinal) == true));
        Assert.StartsWith("Unacknowledged risk alert", escalation.Subject, StringComparison.Ordinal);

        await AdvanceAsync(TimeSpan.FromHours(2)); // 13:01: more runs, nothing new to send
        Assert.Single(await therapist.EmailsAsync("Your weekly digest"));
        Assert.Single(await therapist.EmailsAsync("New warning signs"));
        Assert.Single(await practice.EmailsToAsync(PracticeFixture.DutyContact, 1, m => m.Subject?.Contains("T-100", StringComparison.Ordinal) == true));
    }

    /// <summary>Moves the clock on, then waits until every timer has run at the new time and the emails it queued are sent.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        var activity = practice.Host.Activity;
        await activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        var before = activity.RunsSoFar("InvitationSchedule", "EscalationSchedule", "WarningSignSchedule", "DigestSchedule");
        practice.Clock.Advance(by);
        await activity.WaitForRunsAsync(before, TimeSpan.FromSeconds(30));
        await activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
    }
}
