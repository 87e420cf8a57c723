using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using Outcomes.Local;

namespace Outcomes.Integration.Tests;

/// <summary>The demo a newcomer sees: three clients who show what Outcomes notices, and an emailed link.</summary>
[Collection(nameof(PracticeCollection))]
public class DemoPracticeTests(PracticeFixture practice)
{
    [Fact]
    public async Task Demo_ShowsRecoveryWithSuddenGainDeteriorationAndNotOnTrackAndEmailsALink()
    {
        var seeded = await DemoPractice.SeedAsync(practice.Host.Services, practice.Host.BaseUrl, CancellationToken.None);

        Assert.Superset(new HashSet<string> { "ReliableRecovery", "SuddenGain" }, await Kinds(seeded.RecoveringClientId));
        Assert.Contains("ReliableDeterioration", await Kinds(seeded.DeterioratingClientId));
        Assert.Contains("NotOnTrack", await Kinds(seeded.NotOnTrackClientId));

        var link = $"{practice.Host.BaseUrl}/q/{seeded.QuestionnaireToken}";
        MimeMessage? email = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); email is null && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            email = Directory.GetFiles(practice.EmailFolder, "*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault(m => m.TextBody?.Contains(link, StringComparison.Ordinal) == true);
        }

        Assert.NotNull(email);
        Assert.Contains(link, email.HtmlBody);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await practice.Http.GetAsync(link)).StatusCode);
    }

    private async Task<HashSet<string>> Kinds(string clientId)
    {
        var outcomes = await practice.Http.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{clientId}/outcomes");
        return outcomes.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()!).ToHashSet();
    }
}
