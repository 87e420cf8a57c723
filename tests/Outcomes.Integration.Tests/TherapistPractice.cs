using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace Outcomes.Integration.Tests;

/// <summary>A therapist of one's own in the shared practice, so that a test reads only its own emails.</summary>
internal sealed partial class TherapistPractice(PracticeFixture practice)
{
    public string Email { get; } = $"dr-{Guid.NewGuid():N}@clinic.example";
    public string Id { get; private set; } = "";

    public static async Task<TherapistPractice> EnrolAsync(PracticeFixture practice, string? digestDay = null, int? digestHour = null, string? progressEmails = null)
    {
        var therapist = new TherapistPractice(practice);
        var response = await practice.Http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr Own", email = therapist.Email, timeZone = "Europe/London", digestDay, digestHour, progressEmails });
        response.EnsureSuccessStatusCode();
        therapist.Id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return therapist;
    }

    public Task<string> EnrolClientAsync(string displayCode) => practice.EnrolClientAsync(Id, displayCode: displayCode);

    /// <summary>Submits one check-in and waits until it is scored and everything that follows (summary, alerts, emails) is done.</summary>
    public async Task AnswerAsync(string clientId, int[] phq9, int trust = 3, int breakthrough = 0, string? insight = null)
    {
        var scored = PracticeFixture.Count(await practice.RowsAsync(clientId), "score|");
        var token = await practice.InviteAsync(clientId);
        var checkin = new Dictionary<string, object> { ["1"] = 2, ["2"] = 2, ["3"] = 2, ["4"] = 2, ["5"] = 2, ["6"] = trust, ["7"] = breakthrough };
        if (insight is not null)
        {
            checkin["7text"] = insight;
        }

        var response = await practice.SubmitAsync(token, new { answers = new Dictionary<string, object> { ["phq9"] = phq9, ["gad7"] = new[] { 1, 1, 1, 1, 1, 1, 1 }, ["checkin"] = checkin } });
        response.EnsureSuccessStatusCode();
        await practice.WaitForAsync(clientId, rows => PracticeFixture.Count(rows, "score|") == scored + 1);
        await practice.Host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
    }

    public Task<List<MimeMessage>> EmailsAsync(string subjectStart, int atLeast = 1) =>
        practice.EmailsToAsync(Email, atLeast, m => m.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true);

    /// <summary>The first link to <paramref name="path"/> ("a" or "t") in an email's text.</summary>
    public static string Link(MimeMessage email, string path) =>
        Regex.Match(email.TextBody ?? "", $@"https?://\S+/{path}/[A-Za-z0-9_\-.]+") is { Success: true } match ? match.Value : throw new InvalidOperationException($"No /{path}/ link in: {email.TextBody}");

    public static int[] Phq9(int total)
    {
        var values = new int[9];
        for (var i = 0; i < 8 && total > 0; i++)
        {
            values[i] = Math.Min(3, total);
            total -= values[i];
        }

        return values;
    }
}
