using Moq;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Digests;
using Outcomes.Clinical.Instruments;
using Outcomes.Practice;
using Outcomes.Clinical.Progress;

namespace Outcomes.Practice.Tests;

public class DigestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly PracticeSettings Settings = new();
    private static readonly Therapist Dr = new("t", "Dr T", "dr@clinic.example", "Europe/London", Now.AddYears(-1));

    private static ClientSummary Client(string code, params Finding[] findings) =>
        new("t", code.ToLowerInvariant(), code, Now.AddDays(-2), 8, new Dictionary<string, InstrumentSummary>(), null) { Findings = findings };

    private static Finding F(FindingKind kind, int daysAgo = 2, string? description = null) =>
        new(kind, "phq9", $"{kind}:phq9:1", Now.AddDays(-daysAgo), description ?? kind.ToString());

    private static AlertRecord Risk(string clientId, bool acknowledged) =>
        new(clientId, "RiskAnswer:phq9:4", nameof(FindingKind.RiskAnswer), nameof(AlertUrgency.Immediate), "phq9", "Risk answer on PHQ-9 item 9", "r", Now.AddHours(-3),
            AcknowledgedAt: acknowledged ? Now.AddHours(-2) : null, AcknowledgedBy: acknowledged ? "therapist" : null);

    [Fact]
    public void Sections_PutWarningsFirstGoodNewsNextAndTheRestLast()
    {
        var digest = Digest.Build(Dr, [Client("C", F(FindingKind.NotOnTrack)), Client("B", F(FindingKind.ReliableRecovery), F(FindingKind.SuddenGain, 40)), Client("A")], Now, Settings);
        Assert.Equal(["C"], digest.NeedsAttention.Select(c => c.Summary.DisplayCode));
        Assert.Equal(["B"], digest.Improving.Select(c => c.Summary.DisplayCode));
        Assert.Equal(["ReliableRecovery", "SuddenGain"], digest.Improving[0].Reasons);
        Assert.Equal(["A"], digest.EveryoneElse.Select(c => c.Summary.DisplayCode));
    }

    [Fact]
    public void NeedsAttention_IsOrderedByTheMostUrgentReason()
    {
        var risk = Client("Z") with { Alerts = [Risk("z", acknowledged: false)] };
        var digest = Digest.Build(Dr, [Client("A", F(FindingKind.NotOnTrack)), Client("M", F(FindingKind.ReliableDeterioration)), risk], Now, Settings);
        Assert.Equal(["Z", "M", "A"], digest.NeedsAttention.Select(c => c.Summary.DisplayCode));
        Assert.StartsWith("Risk answer on PHQ-9 item 9: not yet acknowledged", digest.NeedsAttention[0].Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AcknowledgedRisk_NoLongerNeedsAttention()
    {
        var digest = Digest.Build(Dr, [Client("A") with { Alerts = [Risk("a", acknowledged: true)] }], Now, Settings);
        Assert.Empty(digest.NeedsAttention);
    }

    [Fact]
    public void SuddenLoss_NeedsAttentionWhileRecent()
    {
        Assert.Single(Digest.Build(Dr, [Client("A", F(FindingKind.SuddenLoss, 27))], Now, Settings).NeedsAttention);
        Assert.Empty(Digest.Build(Dr, [Client("A", F(FindingKind.SuddenLoss, 29))], Now, Settings).NeedsAttention);
    }

    [Fact]
    public void Breakthrough_IsGoodNewsWhileRecentAndPointsToTheCaseloadPage()
    {
        var recent = Digest.Build(Dr, [Client("A", F(FindingKind.Breakthrough, 3, "The client reported a new insight (an 'aha' moment)"))], Now, Settings);
        Assert.Contains("caseload page", Assert.Single(Assert.Single(recent.Improving).Reasons), StringComparison.Ordinal);
        Assert.Empty(Digest.Build(Dr, [Client("A", F(FindingKind.Breakthrough, 40))], Now, Settings).Improving);
    }

    [Fact]
    public void TwoMissedCheckIns_NeedAttention()
    {
        IssuedInvitation Link(int daysAgo) => new(Now.AddDays(-daysAgo), Now.AddDays(-daysAgo + 7));
        var one = Client("A") with { LastResponseAt = Now.AddDays(-16), Invitations = [Link(14)] };
        var two = Client("B") with { LastResponseAt = Now.AddDays(-23), Invitations = [Link(21), Link(14)] };
        var digest = Digest.Build(Dr, [one, two], Now, Settings);
        Assert.Equal("2 check-ins in a row unanswered", Assert.Single(Assert.Single(digest.NeedsAttention).Reasons));
        Assert.Equal("B", digest.NeedsAttention[0].Summary.DisplayCode);
    }

    [Fact]
    public void PossibleSuddenChange_IsANoteThatDecidesNoSection()
    {
        var possible = F(FindingKind.ProvisionalSuddenLoss, 1, "PHQ-9 rose from 8 to 16 between check-ins 3 and 4: possible sudden loss (confirmed or dropped at the next check-in)");
        var digest = Digest.Build(Dr, [Client("A", possible)], Now, Settings);
        var client = Assert.Single(digest.EveryoneElse);
        Assert.Equal([possible.Description], client.Notes);

        var email = new DigestEmail(InstrumentCatalog.BuiltIn, Mock.Of<IScoreChart>(), Settings).Compose(digest, "k", "https://x/t/a", Now);
        Assert.Contains("- A: PHQ-9 —; GAD-7 —; openness —; last check-in 25 Nov 2026; not yet decided: PHQ-9 rose from 8 to 16", email.Text, StringComparison.Ordinal);
        Assert.Contains("<li>A: PHQ-9 rose from 8 to 16", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void DischargedClients_LeaveTheDigest()
    {
        var digest = Digest.Build(Dr, [Client("A", F(FindingKind.NotOnTrack)) with { Status = ClientStatus.Discharged }, Client("B") with { Status = ClientStatus.Paused }], Now, Settings);
        Assert.Equal(1, digest.Clients);
        Assert.Equal("B", Assert.Single(digest.EveryoneElse).Summary.DisplayCode);
    }

    [Fact]
    public void Email_ListsSectionsWithReasonsChartsAndRules()
    {
        var chart = new Mock<IScoreChart>();
        chart.Setup(c => c.RenderPng(It.IsAny<IReadOnlyList<ChartLine>>())).Returns([1, 2, 3]);
        chart.Setup(c => c.Colours).Returns(["dark blue", "orange"]);
        var series = new[] { 9.0, 12, 15, 17 }.Select((s, i) => new ScorePoint(Now.AddDays(-7 * (4 - i)), s)).ToList();
        var deteriorating = Client("B-202", F(FindingKind.ReliableDeterioration, 2, "PHQ-9 rose from 9 to 17 since baseline: reliable deterioration")) with
        {
            Instruments = new Dictionary<string, InstrumentSummary> { ["phq9"] = new(9, 17, "moderately severe", "Deterioration", false) { Series = series } },
        };
        var steady = Client("C-1") with
        {
            Instruments = new Dictionary<string, InstrumentSummary> { ["phq9"] = new(12, 11, "moderate", null, false), ["gad7"] = new(9, 8, "mild", null, null) },
            OpennessTrend = "Rising",
        };
        var digest = Digest.Build(Dr, [deteriorating, steady], Now, Settings);

        var email = new DigestEmail(InstrumentCatalog.BuiltIn, chart.Object, Settings).Compose(digest, "digest:t:2026-11-30", "https://outcomes.example/t/abc", Now.AddDays(14));

        Assert.Equal("dr@clinic.example", email.To);
        Assert.Contains("PHQ-9 rose from 9 to 17 since baseline: reliable deterioration", email.Html, StringComparison.Ordinal);
        var image = Assert.Single(email.Images);
        Assert.Contains($"src=\"cid:{image.ContentId}\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Chart of scores over time. PHQ-9 from", email.Html, StringComparison.Ordinal);
        Assert.Contains(": 9, 12, 15, 17.", email.Html, StringComparison.Ordinal);
        Assert.Contains("12 → 11 (moderate)", email.Html, StringComparison.Ordinal);
        Assert.Contains("rising ↑", email.Html, StringComparison.Ordinal);
        Assert.Contains("this project&#39;s own rule of thumb", email.Html, StringComparison.Ordinal);
        Assert.Contains("- C-1: PHQ-9 12 → 11 (moderate); GAD-7 9 → 8 (mild); openness rising ↑", email.Text, StringComparison.Ordinal);
        Assert.Contains("https://outcomes.example/t/abc", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Email_HasAtMostTenCharts()
    {
        var chart = new Mock<IScoreChart>();
        chart.Setup(c => c.RenderPng(It.IsAny<IReadOnlyList<ChartLine>>())).Returns([1]);
        chart.Setup(c => c.Colours).Returns(["dark blue"]);
        var series = new[] { new ScorePoint(Now.AddDays(-7), 9), new ScorePoint(Now, 17) };
        var clients = Enumerable.Range(1, 12).Select(i => Client($"D-{i:D2}", F(FindingKind.ReliableDeterioration)) with
        {
            Instruments = new Dictionary<string, InstrumentSummary> { ["phq9"] = new(9, 17, null, null, null) { Series = series } },
        });
        var email = new DigestEmail(InstrumentCatalog.BuiltIn, chart.Object, Settings).Compose(Digest.Build(Dr, clients, Now, Settings), "k", "https://x/t/a", Now);
        Assert.Equal(DigestEmail.MaxCharts, email.Images.Count);
        Assert.Equal(12, email.Html.Split("class=\"client\"").Length - 1);
    }

    [Fact]
    public void MinimalEmail_HasCountsAndTheLinkOnly()
    {
        var minimal = Settings with { MinimalDigests = true };
        var digest = Digest.Build(Dr, [Client("B-202", F(FindingKind.ReliableDeterioration, 2, "PHQ-9 rose from 9 to 17")), Client("A-101", F(FindingKind.Recovery)), Client("C-303")], Now, minimal);
        var email = new DigestEmail(InstrumentCatalog.BuiltIn, Mock.Of<IScoreChart>(), minimal).Compose(digest, "k", "https://x/t/a", Now.AddDays(14));

        foreach (var body in new[] { email.Text, email.Html })
        {
            Assert.Contains("1 client need", body, StringComparison.Ordinal);
            Assert.Contains("1 improving, 1 others", body, StringComparison.Ordinal);
            Assert.Contains("https://x/t/a", body, StringComparison.Ordinal);
            Assert.DoesNotContain("B-202", body, StringComparison.Ordinal);
            Assert.DoesNotContain("PHQ-9", body, StringComparison.Ordinal);
        }

        Assert.Empty(email.Images);
    }

    [Fact]
    public void Page_ShowsTheClientsOwnWordsAboutABreakthroughEscaped()
    {
        var digest = Digest.Build(Dr, [Client("A-101", F(FindingKind.Breakthrough, 1, "The client reported a new insight (an 'aha' moment)"))], Now, Settings);
        var html = new DigestEmail(InstrumentCatalog.BuiltIn, Mock.Of<IScoreChart>(), Settings)
            .RenderHtml(digest, (_, _) => "", new Dictionary<string, string> { ["a-101"] = "I <b>can</b> say no" }, inlineStyles: false);
        Assert.Contains("<q>I &lt;b&gt;can&lt;/b&gt; say no</q>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }
}
