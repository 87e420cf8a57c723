using Moq;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Charts;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;
using Outcomes.Views.Digests;

using static Outcomes.Tests.Shared.DigestExamples;

namespace Outcomes.Views.Tests;

/// <summary>The weekly digest as the therapist reads it: in the email (text and HTML) and in the portal.</summary>
public class DigestEmailTests
{
    private static Task<EmailMessage> Compose(IChartImage chart, PracticeSettings settings, Digest digest, string key, string link) =>
        Rendering.Composer(settings, chart).ComposeAsync(new DigestEmailContent(key, digest.Therapist.Email, digest, link), CancellationToken.None);

    [Fact]
    public async Task PossibleSuddenChange_IsANoteInTheEmail()
    {
        var possible = F(FindingKind.ProvisionalSuddenLoss, 1, "PHQ-9 rose from 8 to 16 between check-ins 3 and 4: possible sudden loss (confirmed or dropped at the next check-in)");
        var digest = Digest.Build(Dr, [Client("A", possible)], Now, Settings);

        var email = await Compose(Mock.Of<IChartImage>(), Settings, digest, "k", "https://x/portal");
        Assert.Contains("- A: PHQ-9 —; GAD-7 —; openness —; last check-in 25 Nov 2026; not yet decided: PHQ-9 rose from 8 to 16", email.Text, StringComparison.Ordinal);
        Assert.Contains("<li>A: PHQ-9 rose from 8 to 16", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HourlyEmailAndDigest_WordAFindingAlikeWithItsCheckInDateAndScore()
    {
        // A deterioration first seen at check-in 7, raised when that check-in was scored; both emails made now.
        var finding = F(FindingKind.ReliableDeterioration, 20, "PHQ-9 rose from 9 to 15 since baseline: reliable deterioration") with { CheckIn = 7 };
        var alert = new AlertRecord("b-202", finding.Key, finding.Kind, finding.Urgency, "phq9", finding.Description, "r7", finding.At.AddMinutes(1))
        {
            CheckIn = finding.CheckIn,
            CheckInAt = finding.At,
        };
        var client = Client("B-202", finding) with { Alerts = [alert] };

        var hourly = await Rendering.Composer().ComposeAsync(new WarningSignEmailContent("w:1", Dr.Email, Dr.TimeZone, [("B-202", alert)], "https://x/portal", "Clinic", []), CancellationToken.None);
        var digest = await Compose(Mock.Of<IChartImage>(), Settings, Digest.Build(Dr, [client], Now, Settings), "k", "https://x/portal");

        const string Line = "Check-in 7 (7 Nov 2026): PHQ-9 rose from 9 to 15 since baseline: reliable deterioration";
        Assert.Contains($"B-202 (https://x/portal/clients/b-202)\n- {Line} (noticed Sat 7 Nov 2026, 09:01 (Europe/London))", hourly.Text, StringComparison.Ordinal);
        Assert.Contains($"<li>{Line} <span", hourly.Html, StringComparison.Ordinal);
        Assert.Contains($"- B-202: {Line}", digest.Text, StringComparison.Ordinal);
        Assert.Contains(Line, digest.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_ListsSectionsWithReasonsChartsAndRules()
    {
        var chart = new Mock<IChartImage>();
        chart.Setup(c => c.RenderPng(It.IsAny<ScoreChart>())).Returns([1, 2, 3]);
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

        var email = await Compose(chart.Object, Settings, digest, "digest:t:2026-11-30", "https://outcomes.example/portal");

        Assert.Equal("dr@clinic.example", email.To);
        Assert.Contains("PHQ-9 rose from 9 to 17 since baseline: reliable deterioration", email.Html, StringComparison.Ordinal);
        var image = Assert.Single(email.Images);
        Assert.Contains($"src=\"cid:{image.ContentId}\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("alt=\"PHQ-9 at 4 check-ins, from 9 on 30 Oct 2026 to 17 on 20 Nov 2026 (moderately severe); clinical cutoff 10; lower is better; scores: 9, 12, 15, 17.\"", email.Html, StringComparison.Ordinal);
        chart.Verify(c => c.RenderPng(It.Is<ScoreChart>(s => s.Measure == "PHQ-9" && s.Points.Select(p => p.CheckIn).SequenceEqual(new[] { 1, 2, 3, 4 }) && s.Cutoff == 10)), Times.Once);
        Assert.Contains("12 → 11 (moderate)", email.Html, StringComparison.Ordinal);
        Assert.Contains("rising ↑", email.Html, StringComparison.Ordinal);
        Assert.Contains("Not on track (expected recovery)", email.Html, StringComparison.Ordinal);
        Assert.Contains("a synthetic reference cohort, not this clinic&#x27;s clients", email.Html, StringComparison.Ordinal); // never presented as the clinic's own
        Assert.Contains("the project&#x27;s rule of thumb", email.Html, StringComparison.Ordinal);
        Assert.Contains("- C-1: PHQ-9 12 → 11 (moderate); GAD-7 9 → 8 (mild); openness rising ↑", email.Text, StringComparison.Ordinal);
        Assert.Contains("https://outcomes.example/portal", email.Text, StringComparison.Ordinal);
    }


    [Fact]
    public async Task Email_HasAtMostTwelveChartImages_ThePageDrawsThemAll()
    {
        var chart = new Mock<IChartImage>();
        chart.Setup(c => c.RenderPng(It.IsAny<ScoreChart>())).Returns([1]);
        var series = new[] { new ScorePoint(Now.AddDays(-7), 9), new ScorePoint(Now, 17) };
        var clients = Enumerable.Range(1, 8).Select(i => Client($"D-{i:D2}", F(FindingKind.ReliableDeterioration)) with
        {
            Instruments = new Dictionary<string, InstrumentSummary> { ["phq9"] = new(9, 17, null, null, null) { Series = series }, ["gad7"] = new(9, 17, null, null, null) { Series = series } },
        }).ToList();
        var digest = Digest.Build(Dr, clients, Now, Settings);

        var email = await Compose(chart.Object, Settings, digest, "k", "https://x/portal");
        Assert.Equal(DigestPresenter.MaxImages, email.Images.Count);
        Assert.Equal(8, email.Html.Split("class=\"client\"").Length - 1);

        var page = new DigestPresenter(InstrumentCatalog.BuiltIn, chart.Object, Settings).Present(digest, imageSource: null);
        Assert.Equal(16, page.Charts.Values.Sum(c => c.Count));
        Assert.All(page.Charts.Values.SelectMany(c => c), c => Assert.Null(c.ImageSource));
    }


    [Fact]
    public void Rules_NameEachMeasuresReference_OnceTheClinicHasItsOwn()
    {
        var catalog = new InstrumentCatalog(InstrumentCatalog.BuiltIn.All);
        var phq9 = catalog["phq9"];
        catalog.Learned.Use([Clinical.Trajectories.ExpectedRecovery.Fit(phq9, Clinical.Trajectories.SyntheticCohort.For(phq9, 300, seed: 5), "this clinic's 300 completed episodes to 29 Nov 2026")]);

        var page = new DigestPresenter(catalog, Mock.Of<IChartImage>(), Settings).Present(Digest.Build(Dr, [Client("C-1")], Now, Settings), imageSource: null);

        var rule = Assert.Single(page.Rules, r => r.StartsWith("Not on track (expected recovery)", StringComparison.Ordinal));
        Assert.Contains("by each measure's reference (GAD-7: a synthetic reference cohort, not this clinic's clients; PHQ-9: this clinic's 300 completed episodes to 29 Nov 2026)", rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MinimalEmail_HasCountsAndTheLinkOnly()
    {
        var minimal = Settings with { MinimalDigests = true };
        var digest = Digest.Build(Dr, [Client("B-202", F(FindingKind.ReliableDeterioration, 2, "PHQ-9 rose from 9 to 17")), Client("A-101", F(FindingKind.Recovery)), Client("C-303")], Now, minimal);
        var email = await Compose(Mock.Of<IChartImage>(), minimal, digest, "k", "https://x/portal");

        foreach (var body in new[] { email.Text, email.Html })
        {
            Assert.Contains("1 client need", body, StringComparison.Ordinal);
            Assert.Contains("1 improving, 1 others", body, StringComparison.Ordinal);
            Assert.Contains("https://x/portal", body, StringComparison.Ordinal);
            Assert.DoesNotContain("B-202", body, StringComparison.Ordinal);
            Assert.DoesNotContain("PHQ-9", body, StringComparison.Ordinal);
        }

        Assert.Empty(email.Images);
    }


    [Fact]
    public async Task Page_ShowsTheClientsOwnWordsAboutABreakthroughEscaped()
    {
        var digest = Digest.Build(Dr, [Client("A-101", F(FindingKind.Breakthrough, 1, "The client reported a new insight (an 'aha' moment)"))], Now, Settings);
        var presentation = new DigestPresenter(InstrumentCatalog.BuiltIn, Mock.Of<IChartImage>(), Settings).Present(digest, _ => "");
        var html = await Rendering.Html.RenderAsync<DigestSections>(new Dictionary<string, object?>
        {
            ["Presentation"] = presentation,
            ["InlineStyles"] = false,
            ["Breakthroughs"] = new Dictionary<string, string> { ["a-101"] = "I <b>can</b> say no" },
        });
        Assert.Contains("<q><bdi>I &lt;b&gt;can&lt;/b&gt; say no</bdi></q>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }
}
