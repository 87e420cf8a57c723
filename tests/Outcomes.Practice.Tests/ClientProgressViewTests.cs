using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Clinical.Scoring;

namespace Outcomes.Practice.Tests;

/// <summary>What a client sees of their own progress, as a model: their milestones in their words, and nothing meant for their therapist.</summary>
public class ClientProgressViewTests
{
    private const string ClientId = "0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Start = new(2026, 9, 7, 18, 0, 0, TimeSpan.Zero);
    private static readonly InstrumentCatalog Instruments = InstrumentCatalog.BuiltIn;

    /// <summary>Words a client must never read on their page or in their email: the therapist's findings and clinical jargon.</summary>
    public static readonly string[] TherapistOnly =
        ["risk", "not on track", "deteriorat", "alliance", "trust", "cutoff", "caseness", "clinical", "sudden loss", "worse", "warning", "item 9", "better off dead"];

    private static ClientFile File(IReadOnlyList<(int Phq9, int Trust, bool Risk, string? Aha)> weeks, ClientStatus status = ClientStatus.Active)
    {
        var profile = new ClientProfile(ClientId, "therapist", "A-1", "a@client.example", ["phq9", "checkin"], 7, "Europe/London", Start.AddDays(-1), status);
        var responses = weeks.Select((w, i) =>
        {
            var phq9 = new int[9];
            var rest = w.Phq9 - (w.Risk ? 1 : 0);
            for (var k = 0; k < 8 && rest > 0; k++)
            {
                phq9[k] = Math.Min(3, rest);
                rest -= phq9[k];
            }

            phq9[8] = w.Risk ? 1 : 0;
            var checkin = AnswerSet.FromValues(2, 2, 2, 2, 2, w.Trust, w.Aha is null ? 0 : 1);
            return new StoredResponse(ClientId, $"r{i:D3}", "therapist", Start.AddDays(7 * i), new Dictionary<string, AnswerSet>
            {
                ["phq9"] = AnswerSet.FromValues(phq9),
                ["checkin"] = w.Aha is null ? checkin : new AnswerSet(checkin.Choices, new Dictionary<string, string> { ["7text"] = w.Aha }),
            });
        }).ToList();
        var invitations = responses.Select(r => new Invitation(ClientId, "therapist", $"hash-{r.ResponseId}", ["phq9", "checkin"], r.SubmittedAt.AddDays(-1), r.SubmittedAt.AddDays(6), r.SubmittedAt, r.ResponseId)).ToList();
        return new ClientFile(profile, invitations, responses, [], []);
    }

    private static IEnumerable<string> EverySentence(ClientProgressView view) =>
        view.Milestones.SelectMany(m => new[] { m.Title, m.Words, m.OwnWords ?? "" })
            .Concat(view.Measures.SelectMany(m => new[] { m.Name, m.Direction, m.Latest }.Concat(m.Chart.Markers.Select(k => k.Label)).Concat(m.Chart.Bands.Select(b => b.Label))))
            .Append(view.NextCheckIn)
            .Append(view.UpsAndDowns ? ClientWords.UpsAndDowns : "");

    [Fact]
    public void ARecovery_IsCelebrated_WithTheClientsOwnAhaWordsAndTheStepForwardDatedWhenItHappened()
    {
        var file = File([(18, 3, false, null), (17, 3, false, null), (18, 3, false, null), (9, 3, false, "I don't have to earn a rest"), (8, 3, false, null), (7, 3, false, null)]);

        var view = ClientProgressView.Of(file, Instruments, new PracticeSettings(), Start.AddDays(40));

        var gain = Assert.Single(view.Milestones, m => m.Milestone.Kind == MilestoneKind.SuddenGain);
        Assert.Equal("A big step forward", gain.Title);
        Assert.Equal(Start.AddDays(21), gain.At); // the check-in of the step, though it was confirmed a week later
        Assert.Contains("went from 18 to 9", gain.Words);
        Assert.Equal("I don't have to earn a rest", Assert.Single(view.Milestones, m => m.Milestone.Kind == MilestoneKind.Aha).OwnWords);
        Assert.Contains(view.Milestones, m => m.Title == "Out of the range where you started");
        Assert.Equal(view.Milestones.OrderByDescending(m => m.At).Select(m => m.At), view.Milestones.Select(m => m.At)); // newest first
        var phq9 = view.Measures[0];
        Assert.Equal("Your mood (PHQ-9)", phq9.Name);
        Assert.Null(phq9.Chart.Cutoff);
        Assert.Equal("Your latest score is 7 (from 0 to 27), in the mild range.", phq9.Latest);
        Assert.Contains(phq9.Chart.Markers, m => m is { CheckIn: 4, Label: "big step forward" });
        Assert.False(view.UpsAndDowns);
        Assert.Equal("Your next check-in is due around 18 Oct 2026. The link will come by email.", view.NextCheckIn);
    }

    [Fact]
    public void ADeterioratingClientWithARiskAnswerAndAnAllianceSignal_SeesNoneOfIt_OnlyAGentleLine()
    {
        // 9 → 17 (reliable deterioration, a sudden loss, not on track), trust falling 4 → 1, a risk answer at the latest.
        var file = File([(9, 4, false, null), (9, 4, false, null), (10, 3, false, null), (16, 2, false, null), (17, 2, false, null), (18, 1, true, null)]);
        var progress = ClientProgress.Assess(file.History(Instruments, DateTimeOffset.MaxValue), Instruments, 0, Clinical.ClinicalSettings.Default);
        Assert.Contains(progress.Findings, f => f.Kind == FindingKind.RiskAnswer); // the therapist is told all of it…
        Assert.Contains(progress.Findings, f => f.Kind == FindingKind.ReliableDeterioration);
        Assert.Contains(progress.Findings, f => f.Kind == FindingKind.AllianceSignal);

        var view = ClientProgressView.Of(file, Instruments, new PracticeSettings(), Start.AddDays(36));

        // …the client none of it.
        foreach (var sentence in EverySentence(view))
        {
            foreach (var word in TherapistOnly)
            {
                Assert.DoesNotContain(word, sentence, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.True(view.UpsAndDowns);
        Assert.All(view.Milestones, m => Assert.Contains(m.Milestone.Kind, new[] { MilestoneKind.FirstCheckIn, MilestoneKind.Streak }));
        Assert.All(view.Measures, m => Assert.Empty(m.Chart.Markers));
    }

    [Fact]
    public void APausedClient_IsToldNoCheckInIsPlanned_AndAnOpenLinkIsSaidToBeOpen()
    {
        var weeks = new[] { (12, 3, false, (string?)null), (11, 3, false, null) };
        Assert.Equal(ClientWords.NoNextCheckIn, ClientProgressView.Of(File(weeks, ClientStatus.Paused), Instruments, new PracticeSettings(), Start.AddDays(9)).NextCheckIn);

        var file = File(weeks);
        var open = new Invitation(ClientId, "therapist", "open", ["phq9"], Start.AddDays(13), Start.AddDays(20), null, null);
        Assert.Equal(ClientWords.OpenCheckIn, ClientProgressView.Of(file with { Invitations = [.. file.Invitations, open] }, Instruments, new PracticeSettings(), Start.AddDays(14)).NextCheckIn);
    }

    [Fact]
    public void CelebrateInSession_ListsOnlyWhatTheClientHasSeen_Lately()
    {
        var file = File([(18, 3, false, null), (17, 3, false, null), (18, 3, false, null), (9, 3, false, null), (8, 3, false, null)]);
        var now = Start.AddDays(30);
        var view = ClientProgressView.Of(file, Instruments, new PracticeSettings(), now);

        Assert.Empty(view.SeenRecently(null, now));

        // Seen the evening of check-in 4, before the gain was confirmed at check-in 5.
        var seen = view.SeenRecently(new ProgressSeen(Start.AddDays(21).AddHours(2), 1), now);
        Assert.Equal(["A real improvement", "Out of the range where you started"], seen.Select(m => m.Title).Order());
        Assert.DoesNotContain(seen, m => m.Milestone.Kind == MilestoneKind.SuddenGain);
    }
}
