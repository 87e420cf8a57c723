using Outcomes.Clinical.Scoring;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;

namespace Outcomes.Local;

/// <summary>
/// A small practice to look at: one therapist and three clients with ten weeks of answers — a
/// recovery with a sudden gain, a reliable deterioration (whose latest answers include a risk
/// answer), and a client not on track — and the emails they lead to: the risk alert, the hourly
/// emails of warning signs and good news as they were noticed, and the therapist's weekly digest.
/// The recovering client's therapist shares their progress with them, milestone emails included:
/// their page shows the sudden gain and the 'aha' moment they wrote down that week.
/// </summary>
public static class DemoPractice
{
    public sealed record Seeded(string TherapistId, string RecoveringClientId, string DeterioratingClientId, string NotOnTrackClientId, string QuestionnaireToken, string ProgressLink)
    {
        /// <summary>The demo therapist's email: the address they sign in to the portal with.</summary>
        public const string TherapistEmail = "therapist@demo.invalid";
    }

    /// <summary>What the recovering client wrote with their 'aha' moment, in the week of their sudden gain.</summary>
    public const string AhaWords = "I realised I don't have to earn a rest.";

    private const int AhaWeek = 3;

    /// <summary>The demo's deteriorating client answers PHQ-9 item 9 above 0 in their latest check-in.</summary>
    private const int RiskClient = 1;

    private static readonly (string Code, int[] Phq9, int[] Gad7, int[] Openness)[] Clients =
    [
        ("A-101", [18, 17, 18, 9, 8, 7, 6, 6, 5, 5], [14, 13, 13, 8, 7, 6, 6, 5, 5, 4], [4, 5, 6, 7, 8, 8, 9, 10, 10, 11]),
        ("B-202", [9, 9, 10, 11, 12, 14, 15, 16, 17, 17], [8, 8, 9, 9, 10, 11, 12, 12, 13, 13], [8, 8, 7, 7, 6, 6, 5, 5, 4, 4]),
        ("C-303", [16, 16, 15, 16, 15, 15, 14, 15, 14, 15], [12, 12, 12, 11, 12, 12, 11, 12, 12, 11], [6, 6, 6, 6, 6, 6, 6, 6, 6, 6]),
    ];

    /// <summary>
    /// How long before the demo starts each client last checked in: on different days of the week, as a
    /// real caseload does, the deteriorating client's risk answer half an hour ago (well inside the
    /// escalation window).
    /// </summary>
    private static readonly TimeSpan[] LastCheckIn = [TimeSpan.FromDays(5.2), TimeSpan.FromMinutes(30), TimeSpan.FromDays(2.9)];

    /// <summary>
    /// Replays ten weeks as they would have happened: each link issued the day before it is answered,
    /// each answer scored a minute after it arrived, and the hourly run after each check-in — so that a
    /// warning sign is "noticed" when its check-in came in and emailed then, and this hour's email holds
    /// only what is new. Those past emails go to the outbox like any other: the therapist's inbox.
    /// </summary>
    public static async Task<Seeded> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var clock = new ReplayClock(now);
        var administration = ActivatorUtilities.CreateInstance<PracticeAdministration>(services, clock);
        var scoring = ActivatorUtilities.CreateInstance<ResponseScoring>(services, clock);
        var email = ActivatorUtilities.CreateInstance<EmailDelivery>(services, clock);
        var hourly = ActivatorUtilities.CreateInstance<WarningSignRun>(services, email);
        var store = services.GetRequiredService<IClientRecords>();

        clock.Now = now - TimeSpan.FromDays(7 * Clients[0].Phq9.Length + 7);
        var therapist = await administration.EnrolTherapistAsync("Dr Demo", Seeded.TherapistEmail, "Europe/London", actor: null, cancellationToken);
        var ids = new List<string>();
        foreach (var (code, i) in Clients.Select((c, i) => (c.Code, i)))
        {
            // The schedule's next invitation is a week after the client's last check-in, as it would be by now.
            var next = PracticeSettings.LocalDate(now - LastCheckIn[i] + TimeSpan.FromDays(7), "Europe/London");
            var client = await administration.EnrolClientAsync(therapist.Id, code, $"{code.ToLowerInvariant()}@demo.invalid", ["phq9", "gad7", "checkin"], 7, "Europe/London", actor: null, cancellationToken, next);
            ids.Add(client.Id);
        }

        await administration.SetProgressSharingAsync(ids[0], nameof(ProgressSharing.ShownWithEmails), actor: null, cancellationToken);

        var checkIns = Clients
            .SelectMany((c, i) => Enumerable.Range(0, c.Phq9.Length).Select(week => (Client: i, Week: week, At: now - LastCheckIn[i] - TimeSpan.FromDays(7 * (c.Phq9.Length - 1 - week)))))
            .OrderBy(c => c.At);
        foreach (var (i, week, at) in checkIns)
        {
            var (code, phq9, gad7, openness) = Clients[i];
            clock.Now = at - TimeSpan.FromDays(1);
            var (_, invitation) = await administration.IssueInvitationAsync(ids[i], actor: null, cancellationToken);
            var answers = new Dictionary<string, AnswerSet>
            {
                ["phq9"] = i == RiskClient && week == phq9.Length - 1 ? WithRiskAnswer(phq9[week]) : Spread(phq9[week], 9, 3),
                ["gad7"] = Spread(gad7[week], 7, 3),
                ["checkin"] = CheckIn(openness[week], i == 0 && week == AhaWeek ? AhaWords : null),
            };
            var responseId = $"{at.UtcTicks:D19}-{week:D8}";
            var stored = await store.FindInvitationAsync(ids[i], invitation.TokenHash, cancellationToken);
            var risk = i == RiskClient && week == phq9.Length - 1;
            await store.RecordResponseAsync(new StoredResponse(ids[i], responseId, therapist.Id, at, answers), stored! with { RiskAnswer = risk }, cancellationToken);
            clock.Now = at + TimeSpan.FromMinutes(1);
            await scoring.ScoreAsync(new ScoreRequest(ids[i], responseId), cancellationToken);

            // The hourly run that followed, when it has happened: the one due now is the host's own.
            var run = at.AddMinutes(65 - at.Minute);
            if (run < now)
            {
                clock.Now = run;
                await hourly.RunAsync(run, cancellationToken);
            }
        }

        clock.Now = now;

        // This week's invitation for the recovering client, emailed through the outbox like any other.
        var (token, fresh) = await administration.IssueInvitationAsync(ids[0], actor: null, cancellationToken);
        var link = services.GetRequiredService<PublicLinks>().Questionnaire(token);
        var settings = services.GetRequiredService<PracticeSettings>();
        await email.QueueAsync(
            new InvitationEmailContent(EmailKeys.Invitation(ids[0], DateOnly.FromDateTime(now.UtcDateTime)), $"{Clients[0].Code.ToLowerInvariant()}@demo.invalid", ids[0], settings.ClinicName, link, fresh.ExpiresAt, IsReminder: false),
            cancellationToken);

        // The therapist's emails now: this hour's warning signs, and this week's digest — as the
        // digest timer sends it, so that its own first run finds this week's already sent.
        await hourly.RunAsync(now, cancellationToken);
        await services.GetRequiredService<DigestRun>().RunAsync(now, cancellationToken);

        // The recovering client's progress page, from the link of their latest check-in (it works as long as that link does).
        var file = await store.ReadClientFileAsync(ids[0], cancellationToken);
        var answered = file.Invitations.Where(i => i.IsUsed).MaxBy(i => i.UsedAt)!;
        var progress = await services.GetRequiredService<ProgressPages>().LinkAsync(answered, cancellationToken);
        return new Seeded(therapist.Id, ids[0], ids[1], ids[2], token, progress);
    }

    /// <summary>The time the replay is at: the demo's past, then its present.</summary>
    private sealed class ReplayClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>PHQ-9 answers summing to <paramref name="total"/> with item 9 ("thoughts that you would be better off dead…") at 1.</summary>
    private static AnswerSet WithRiskAnswer(int total)
    {
        var values = Spread(total - 1, 9, 3).Choices.OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(c => c.Value).ToArray();
        values[8] = 1;
        return AnswerSet.FromValues(values);
    }

    /// <summary>Answers summing to <paramref name="total"/> over items 1..<paramref name="items"/>, leaving the last item (PHQ-9's risk item) at 0.</summary>
    public static AnswerSet Spread(int total, int items, int max)
    {
        var values = new int[items];
        for (var i = 0; i < items - 1 && total > 0; i++)
        {
            values[i] = Math.Min(max, total);
            total -= values[i];
        }

        return AnswerSet.FromValues(values);
    }

    private static AnswerSet CheckIn(int openness, string? aha)
    {
        var spread = Spread(openness, 4, 4).Choices;
        var answers = AnswerSet.FromValues(spread["1"], spread["2"], spread["3"], 2, 2, 3, aha is null ? 0 : 1);
        return aha is null ? answers : new AnswerSet(answers.Choices, new Dictionary<string, string> { ["7text"] = aha });
    }
}
