using Outcomes.Clinical.Scoring;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;

namespace Outcomes.Local;

/// <summary>
/// A small practice to look at: one therapist and three clients with ten weeks of answers — a
/// recovery with a sudden gain, a reliable deterioration (whose latest answers include a risk
/// answer), and a client not on track — and the emails they lead to: the risk alert, the warning
/// signs, and the therapist's weekly digest.
/// </summary>
public static class DemoPractice
{
    public sealed record Seeded(string TherapistId, string RecoveringClientId, string DeterioratingClientId, string NotOnTrackClientId, string QuestionnaireToken);

    /// <summary>The demo's deteriorating client answers PHQ-9 item 9 above 0 in their latest check-in.</summary>
    private const int RiskClient = 1;

    private static readonly (string Code, int[] Phq9, int[] Gad7, int[] Openness)[] Clients =
    [
        ("A-101", [18, 17, 18, 9, 8, 7, 6, 6, 5, 5], [14, 13, 13, 8, 7, 6, 6, 5, 5, 4], [4, 5, 6, 7, 8, 8, 9, 10, 10, 11]),
        ("B-202", [9, 9, 10, 11, 12, 14, 15, 16, 17, 17], [8, 8, 9, 9, 10, 11, 12, 12, 13, 13], [8, 8, 7, 7, 6, 6, 5, 5, 4, 4]),
        ("C-303", [16, 16, 15, 16, 15, 15, 14, 15, 14, 15], [12, 12, 12, 11, 12, 12, 11, 12, 12, 11], [6, 6, 6, 6, 6, 6, 6, 6, 6, 6]),
    ];

    public static async Task<Seeded> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var administration = services.GetRequiredService<PracticeAdministration>();
        var store = services.GetRequiredService<IClientRecords>();
        var scoring = services.GetRequiredService<ResponseScoring>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        var therapist = await administration.EnrolTherapistAsync("Dr Demo", "therapist@demo.invalid", "Europe/London", cancellationToken);
        var ids = new List<string>();
        foreach (var (code, phq9, gad7, openness) in Clients)
        {
            var client = await administration.EnrolClientAsync(therapist.Id, code, $"{code.ToLowerInvariant()}@demo.invalid", ["phq9", "gad7", "checkin"], 7, "Europe/London", cancellationToken);
            ids.Add(client.Id);
            for (var week = 0; week < phq9.Length; week++)
            {
                // Past weeks are written as they would have been stored then, and scored in order.
                var at = now.AddDays(-7 * (phq9.Length - week)).AddHours(-2);
                var (_, invitation) = await administration.IssueInvitationAsync(client.Id, cancellationToken);
                var answers = new Dictionary<string, AnswerSet>
                {
                    ["phq9"] = ids.Count - 1 == RiskClient && week == phq9.Length - 1 ? WithRiskAnswer(phq9[week]) : Spread(phq9[week], 9, 3),
                    ["gad7"] = Spread(gad7[week], 7, 3),
                    ["checkin"] = CheckIn(openness[week]),
                };
                var responseId = $"{at.UtcTicks:D19}-{week:D8}";
                var stored = await store.FindInvitationAsync(client.Id, invitation.TokenHash, cancellationToken);
                await store.RecordResponseAsync(new StoredResponse(client.Id, responseId, therapist.Id, at, answers), stored!, cancellationToken);
                await scoring.ScoreAsync(new ScoreRequest(client.Id, responseId), cancellationToken);
            }
        }

        // This week's invitation for the recovering client, emailed through the outbox like any other.
        var (token, fresh) = await administration.IssueInvitationAsync(ids[0], cancellationToken);
        var link = services.GetRequiredService<PublicLinks>().Questionnaire(token);
        var settings = services.GetRequiredService<PracticeSettings>();
        await services.GetRequiredService<EmailDelivery>().QueueAsync(
            new InvitationEmailContent(EmailKeys.Invitation(ids[0], DateOnly.FromDateTime(now.UtcDateTime)), $"{Clients[0].Code.ToLowerInvariant()}@demo.invalid", settings.ClinicName, link, fresh.ExpiresAt, IsReminder: false),
            cancellationToken);

        // The therapist's emails: warning signs now (the hourly run), and this week's digest.
        await services.GetRequiredService<WarningSignRun>().RunAsync(now, cancellationToken);
        await services.GetRequiredService<DigestRun>().SendNowAsync(therapist.Id, now, cancellationToken);
        return new Seeded(therapist.Id, ids[0], ids[1], ids[2], token);
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

    private static AnswerSet CheckIn(int openness)
    {
        var spread = Spread(openness, 4, 4).Choices;
        return AnswerSet.FromValues(spread["1"], spread["2"], spread["3"], 2, 2, 3, 0);
    }
}
