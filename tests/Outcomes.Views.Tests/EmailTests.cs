using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;

namespace Outcomes.Views.Tests;

/// <summary>Each email as its reader gets it: both parts say the same, every value is encoded, and all share one layout with a button to act on.</summary>
public partial class EmailTests
{
    private static readonly DateTimeOffset Raised = new(2026, 11, 27, 14, 5, 0, TimeSpan.Zero);
    private static readonly Therapist Dr = new("t", "Dr <T>", "dr@clinic.example", "Europe/London", Raised.AddYears(-1));

    private static readonly AlertRecord Alert = new(
        "c1", "RiskAnswer:phq9:1", FindingKind.RiskAnswer, AlertUrgency.Immediate, "phq9", "Risk answer on PHQ-9 item 9 (thoughts of self-harm)", "r1", Raised);

    /// <summary>One of each email, with the link each must carry.</summary>
    public static TheoryData<string> Kinds => ["invitation", "reminder", "risk", "escalation", "warnings", "digest"];

    private static (EmailContent Content, string Link) Example(string kind) => kind switch
    {
        "invitation" => (new InvitationEmailContent("invitation:c1:2026-11-27", "client@x.example", "c1", "Smith & Jones <Therapy>", "https://o.example/q/abc", new DateTimeOffset(2026, 12, 4, 18, 0, 0, TimeSpan.Zero), IsReminder: false), "https://o.example/q/abc"),
        "reminder" => (new InvitationEmailContent("reminder:c1:2026-11-27", "client@x.example", "c1", "Smith & Jones", "https://o.example/q/abc", new DateTimeOffset(2026, 12, 4, 18, 0, 0, TimeSpan.Zero), IsReminder: true), "https://o.example/q/abc"),
        "risk" => (new RiskAlertEmailContent("risk:c1:k", Dr.Email, Alert, "A-101", Dr.TimeZone, "https://o.example/a/ack", Raised.AddHours(4), "Smith & Jones"), "https://o.example/a/ack"),
        "escalation" => (new EscalationEmailContent("risk-escalation:c1:k", "duty@clinic.example", Alert, "A-101", Dr.Name, Dr.TimeZone, "https://o.example/a/duty", TimeSpan.FromHours(4), EmailFailed: false), "https://o.example/a/duty"),
        "warnings" => (new WarningSignEmailContent("warnings:t:1", Dr.Email, Dr.TimeZone, [("B-202", Alert with { Description = "PHQ-9 rose from 9 to 17 since baseline: reliable deterioration" })], "https://o.example/portal", "Smith & Jones", []), "https://o.example/portal"),
        _ => (new DigestEmailContent("digest:t:2026-11-30", Dr.Email, Digest.Build(Dr, [], Raised, new PracticeSettings()), "https://o.example/portal"), "https://o.example/portal"),
    };

    [Fact]
    public async Task Invitation_CarriesTheLinkInBothPartsEncodedAndNothingPersonal()
    {
        var (content, _) = Example("invitation");
        var email = await Rendering.Composer().ComposeAsync(content, CancellationToken.None);

        Assert.Equal("invitation:c1:2026-11-27", email.Key);
        Assert.Contains("https://o.example/q/abc", email.Text);
        Assert.Contains("<a href=\"https://o.example/q/abc\"", email.Html);
        Assert.Contains("Smith &amp; Jones &lt;Therapy&gt;", email.Html);
        Assert.DoesNotContain("<Therapy>", email.Html);
        Assert.Contains("Friday 4 December", email.Text);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EveryEmail_SharesOneLayoutWithAButtonToActAndAPlainTextPart(string kind)
    {
        var (content, link) = Example(kind);
        var email = await Rendering.Composer().ComposeAsync(content, CancellationToken.None);
        var document = new HtmlParser().ParseDocument(email.Html);

        // One font, everywhere a font is named.
        var fonts = FontFamily().Matches(email.Html).Select(m => m.Groups[1].Value.Trim()).Distinct().ToList();
        Assert.Equal(["Arial,Helvetica,sans-serif"], fonts);

        // The call to action is a button: a link drawn as a coloured block, at least 12px of padding.
        var button = Assert.Single(document.QuerySelectorAll("a"), a => a.GetAttribute("href") == link);
        Assert.Contains("display:inline-block", button.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("background:#0b57d0", button.ParentElement!.GetAttribute("style"), StringComparison.Ordinal);

        // At most 600px wide, for phones and narrow reading panes.
        Assert.Contains(document.QuerySelectorAll("table"), t => t.GetAttribute("style")?.Contains("max-width:600px", StringComparison.Ordinal) == true);

        // The plain text carries the same link and a subject says what it is.
        Assert.Contains(link, email.Text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
        Assert.Equal(content.To, email.To);
        Assert.Equal(content.Key, email.Key);
    }

    [Fact]
    public async Task RiskAlert_NamesTheQuestionAndWhenTheDutyContactIsToldNeverTheAnswer()
    {
        var (content, _) = Example("risk");
        var email = await Rendering.Composer().ComposeAsync(content, CancellationToken.None);

        foreach (var body in new[] { email.Text, email.Html })
        {
            Assert.Contains("A-101", body, StringComparison.Ordinal);
            Assert.Contains("PHQ-9 item 9", body, StringComparison.Ordinal);
            Assert.Contains("Fri 27 Nov 2026, 14:05 (Europe/London)", body, StringComparison.Ordinal);
            Assert.Contains("duty contact", body, StringComparison.Ordinal);
        }

        Assert.Equal("Risk alert: client A-101, please confirm you have seen it", email.Subject);
    }

    [Fact]
    public async Task Escalation_NamesTheTherapistEncoded()
    {
        var (content, _) = Example("escalation");
        var email = await Rendering.Composer().ComposeAsync(content, CancellationToken.None);
        Assert.Contains("Therapist: Dr &lt;T&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("Therapist: Dr <T>", email.Text, StringComparison.Ordinal);
        Assert.Contains("not been acknowledged after 4 hours", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HourlyEmail_GivesGoodNewsItsOwnPartAndSubject()
    {
        var improved = Alert with { Key = "ReliableImprovement:phq9", Urgency = AlertUrgency.GoodNews, Description = "PHQ-9 fell from 17 to 8 since baseline: reliable improvement" };
        var worse = Alert with { Key = "ReliableDeterioration:gad7", Urgency = AlertUrgency.BatchedWarning, Description = "GAD-7 rose from 5 to 12 since baseline: reliable deterioration" };
        var composer = Rendering.Composer();

        var both = await composer.ComposeAsync(new WarningSignEmailContent("w:1", Dr.Email, Dr.TimeZone, [("B-202", worse)], "https://o.example/portal", "Clinic", [("A-101", improved)]), CancellationToken.None);
        var onlyGood = await composer.ComposeAsync(new WarningSignEmailContent("w:2", Dr.Email, Dr.TimeZone, [], "https://o.example/portal", "Clinic", [("A-101", improved)]), CancellationToken.None);

        Assert.Equal("New warning signs: 1 for 1 client, and good news for 1 client", both.Subject);
        Assert.Equal("Good news: 1 for 1 client", onlyGood.Subject);
        var goodPart = both.Text[both.Text.IndexOf("Good news since the last email", StringComparison.Ordinal)..];
        Assert.Contains($"A-101 (https://o.example/portal/clients/{improved.ClientId})\n- PHQ-9 fell from 17 to 8", goodPart, StringComparison.Ordinal);
        Assert.DoesNotContain("B-202", goodPart, StringComparison.Ordinal);
        Assert.DoesNotContain("New warning signs", onlyGood.Text, StringComparison.Ordinal);
        var heading = new HtmlParser().ParseDocument(both.Html).QuerySelectorAll("h2").Single(h => h.TextContent == "Good news");
        Assert.Contains("A-101", heading.NextElementSibling!.NextElementSibling!.TextContent, StringComparison.Ordinal);

        // Each client's name in the email opens their page in the portal (sign-in required), never the answers themselves.
        var clientLinks = new HtmlParser().ParseDocument(both.Html).QuerySelectorAll("h3 a").Select(l => (l.TextContent, l.GetAttribute("href"))).ToList();
        Assert.Equal([("B-202", $"https://o.example/portal/clients/{worse.ClientId}"), ("A-101", $"https://o.example/portal/clients/{improved.ClientId}")], clientLinks);
    }

    [GeneratedRegex("font-family:([^;\"]+)")]
    private static partial Regex FontFamily();
}
