using Microsoft.Extensions.DependencyInjection;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;

namespace Outcomes.Integration.Tests;

/// <summary>The hourly run: one email per therapist with every new warning sign, never one twice, nothing lost when a run stops half-way.</summary>
[Collection(nameof(PracticeCollection))]
public class WarningSignTests(PracticeFixture practice)
{
    private WarningSignRun Run => practice.Host.Services.GetRequiredService<WarningSignRun>();

    [Fact]
    public async Task WarningSigns_OneEmailPerRunAndNeverTheSameSignTwice()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var first = await therapist.EnrolClientAsync("W-1");
        var second = await therapist.EnrolClientAsync("W-2");
        foreach (var (client, latest) in new[] { (first, 15), (second, 12) })
        {
            await therapist.AnswerAsync(client, TherapistPractice.Phq9(5));
            await therapist.AnswerAsync(client, TherapistPractice.Phq9(latest));
        }

        await Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var email = Assert.Single(await therapist.EmailsAsync("New warning signs"));
        Assert.Equal("New warning signs: 2 for 2 clients", email.Subject);
        // Each names its check-in (the second), that check-in's date and the score then.
        Assert.Matches(@"W-1 \(http://\S+/portal/clients/[0-9a-f]{32}\)\n- Check-in 2 \(\d{1,2} [A-Z][a-z]{2} \d{4}\): PHQ-9 rose from 5 to 15 since baseline: reliable deterioration \(noticed ", email.TextBody);
        Assert.Matches(@"W-2 \(http://\S+/portal/clients/[0-9a-f]{32}\)\n- Check-in 2 \(\d{1,2} [A-Z][a-z]{2} \d{4}\): PHQ-9 rose from 5 to 12 since baseline: reliable deterioration \(noticed ", email.TextBody);

        // A repeated or late run sends nothing more.
        await Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        await Run.RunAsync(DateTimeOffset.UtcNow.AddHours(3), CancellationToken.None);

        // A new sign (trust in the therapist at 0) comes in the next run, alone.
        await therapist.AnswerAsync(first, TherapistPractice.Phq9(15), trust: 0);
        await Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var emails = await therapist.EmailsAsync("New warning signs", atLeast: 2);
        Assert.Equal(2, emails.Count);
        var next = emails.Single(e => e.MessageId != email.MessageId);
        Assert.Equal("New warning signs: 1 for 1 client", next.Subject);
        Assert.Contains("trust in the therapist dropped from 3 to 0 of 4: alliance signal", next.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("reliable deterioration", next.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgressCrossed_IsTheHourlyEmailsGoodNewsOnceAndWeeklyOnlyTherapistsGetNone()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var weekly = await TherapistPractice.EnrolAsync(practice, progressEmails: "weekly");
        var improving = await therapist.EnrolClientAsync("G-1");
        var worse = await therapist.EnrolClientAsync("G-2");
        var alsoImproving = await weekly.EnrolClientAsync("G-3");
        foreach (var (who, client, from, to) in new[] { (therapist, improving, 15, 5), (therapist, worse, 5, 15), (weekly, alsoImproving, 15, 5) })
        {
            await who.AnswerAsync(client, TherapistPractice.Phq9(from));
            await who.AnswerAsync(client, TherapistPractice.Phq9(to));
        }

        await Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var email = Assert.Single(await therapist.EmailsAsync("New warning signs"));
        Assert.Equal("New warning signs: 1 for 1 client, and good news for 1 client", email.Subject);
        var text = email.TextBody!;
        var goodNews = text[text.IndexOf("Good news since the last email", StringComparison.Ordinal)..];
        Assert.Matches(@"G-1 \(http://\S+/portal/clients/[0-9a-f]{32}\)\n- Check-in 2 \([^)]+\): PHQ-9 fell from 15 to 5 since baseline", goodNews);
        Assert.DoesNotContain("G-2", goodNews, StringComparison.Ordinal);
        Assert.Contains(">Good news</h2>", email.HtmlBody!, StringComparison.Ordinal);

        // Each once: the next runs send nothing more; a therapist who chose the weekly digest gets no email for progress.
        await Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Single(await therapist.EmailsAsync("New warning signs"));
        var weeklyCaseload = await practice.Host.Services.GetRequiredService<ICaseloads>().ReadCaseloadAsync(weekly.Id, CancellationToken.None);
        Assert.Null(weeklyCaseload.Pending);
        var g3 = Assert.Single(weeklyCaseload.Clients);
        Assert.Contains(g3.Alerts, a => a.Urgency == Clinical.Progress.AlertUrgency.GoodNews);
        Assert.Empty(g3.WarningsSent);
    }

    [Fact]
    public async Task RunThatStoppedHalfWay_IsFinishedByTheNextRunAndSendsOnce()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("W-3");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(4));
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(14));

        // A run claimed its email and stopped before sending it.
        var store = practice.Host.Services.GetRequiredService<ICaseloads>();
        var caseload = await store.ReadCaseloadAsync(therapist.Id, CancellationToken.None);
        var alertKey = caseload.Clients.Single().Alerts.Single(a => a.Kind == Clinical.Progress.FindingKind.ReliableDeterioration).Key;
        var stopped = new PendingWarnings($"warnings:{therapist.Id}:stopped", DateTimeOffset.UtcNow.AddHours(-1), [new WarningRef(client, alertKey)]);
        Assert.True(await store.ClaimWarningEmailAsync(caseload, stopped, CancellationToken.None));
        Assert.False(await store.ClaimWarningEmailAsync(caseload, stopped with { EmailKey = "another" }, CancellationToken.None)); // read before the claim

        await Task.WhenAll(
            Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None),
            Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        await Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        var email = Assert.Single(await therapist.EmailsAsync("New warning signs"));
        Assert.Contains("PHQ-9 rose from 4 to 14 since baseline: reliable deterioration", email.TextBody, StringComparison.Ordinal);
        var after = await store.ReadCaseloadAsync(therapist.Id, CancellationToken.None);
        Assert.Null(after.Pending);
        Assert.Equal([alertKey], after.Clients.Single().WarningsSent);

        // A run that read the caseload before that claim was finished cannot claim on its stale view.
        Assert.False(await store.ClaimWarningEmailAsync(caseload, stopped with { EmailKey = "stale" }, CancellationToken.None));
    }

    [Fact]
    public async Task StorageOutageAfterTheClaim_TheRunFailsAndTheNextSendsOnce()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("W-5");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(3));
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(13));

        practice.Outage.FailWhen = message => message.Request.Uri.Path.Contains("/Outbox", StringComparison.Ordinal);
        try
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        }
        finally
        {
            practice.Outage.FailWhen = null;
        }

        var store = practice.Host.Services.GetRequiredService<ICaseloads>();
        Assert.NotNull((await store.ReadCaseloadAsync(therapist.Id, CancellationToken.None)).Pending);
        await Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        await Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        var email = Assert.Single(await therapist.EmailsAsync("New warning signs"));
        Assert.Contains("PHQ-9 rose from 3 to 13 since baseline: reliable deterioration", email.TextBody, StringComparison.Ordinal);
        Assert.Null((await store.ReadCaseloadAsync(therapist.Id, CancellationToken.None)).Pending);
    }

    [Fact]
    public async Task GoodNewsAndRisk_AreNotWarningSigns()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var client = await therapist.EnrolClientAsync("W-4");
        await therapist.AnswerAsync(client, TherapistPractice.Phq9(18));
        await therapist.AnswerAsync(client, [1, 1, 1, 1, 0, 0, 0, 0, 1]); // recovered, with a risk answer

        await Run.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Single(await therapist.EmailsAsync("Risk alert"));
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30)); // every email the run queued is sent
        Assert.Empty(await practice.EmailsToAsync(therapist.Email, 0, m => m.Subject?.StartsWith("New warning signs", StringComparison.Ordinal) == true));
    }
}
