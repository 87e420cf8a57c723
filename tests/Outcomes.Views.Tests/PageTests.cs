using System.Security.Cryptography;
using System.Text;
using AngleSharp.Html.Parser;
using Moq;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Digests;
using Outcomes.Views.Digests;
using Outcomes.Views.Pages;

namespace Outcomes.Views.Tests;

/// <summary>Every page: one layout and one stylesheet (allowed by its hash, nothing else), the clinic's name at the top, one heading, every value encoded.</summary>
public class PageTests
{
    private const string Clinic = "Smith & Jones <Therapy>";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly AlertRecord Alert = new("c1", "k", FindingKind.RiskAnswer, AlertUrgency.Immediate, "phq9", "Risk answer on PHQ-9 item 9", "r", Now);

    public static TheoryData<string> Pages => ["message", "questionnaire", "thank-you", "risk-alert", "caseload"];

    private static readonly Outcomes.Views.Portal.PortalChrome Chrome = new(Clinic, "Dr <T>", IsTherapist: true, IsAdmin: false, Antiforgery: "token");

    private static Task<string> RenderAsync(string page)
    {
        var clinic = new Dictionary<string, object?> { ["ClinicName"] = Clinic };
        Dictionary<string, object?> With(params (string Key, object? Value)[] values) => values.Aggregate(new Dictionary<string, object?>(clinic), (d, v) => { d[v.Key] = v.Value; return d; });
        var therapist = new Therapist("t", "Dr T", "dr@clinic.example", "Europe/London", Now.AddYears(-1));
        return page switch
        {
            "message" => Rendering.Html.RenderAsync<MessagePage>(With(("Title", "This link does not work"), ("Paragraphs", new[] { "It may have <expired>." }))),
            "questionnaire" => Rendering.Html.RenderAsync<QuestionnaireForm>(With(("Instruments", new[] { InstrumentCatalog.BuiltIn["phq9"] }))),
            "thank-you" => Rendering.Html.RenderAsync<ThankYouPage>(With(("RiskAnswer", true), ("CrisisResources", new[] { new CrisisResource("Line <112>", "112") }))),
            "risk-alert" => Rendering.Html.RenderAsync<RiskAlertPage>(With(("View", new RiskAlertView(Alert, "A-101", "therapist", false, "Europe/London")))),
            _ => Rendering.Html.RenderAsync<Outcomes.Views.Portal.CaseloadPortalPage>(new Dictionary<string, object?>
            {
                ["Chrome"] = Chrome,
                ["Snapshot"] = new CaseloadSnapshot(Digest.Build(therapist, [], Now, new PracticeSettings()), new Dictionary<string, string>()),
                ["Search"] = "<expired>",
                ["Instruments"] = Outcomes.Clinical.Instruments.InstrumentCatalog.BuiltIn,
            }),
        };
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryPage_HasTheOneLayoutAndTheStylesheetItsPolicyAllows(string page)
    {
        var html = await RenderAsync(page);
        var document = new HtmlParser().ParseDocument(html);

        Assert.Equal("en", document.DocumentElement.GetAttribute("lang"));
        var style = Assert.Single(document.QuerySelectorAll("style"));
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style.TextContent)));
        Assert.Contains($"'sha256-{hash}'", PageStyle.ContentSecurityPolicy(), StringComparison.Ordinal);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Single(document.QuerySelectorAll("h1"));
        Assert.Equal(Clinic, document.QuerySelector("header > p")!.TextContent);
        Assert.Contains("Smith &amp; Jones &lt;Therapy&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Therapy>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<expired>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<112>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_AllowsNoImages_ChartsAreInlineSvg()
    {
        Assert.DoesNotContain("img-src", PageStyle.ContentSecurityPolicy(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThankYouAfterARiskAnswer_ListsTheClinicsServicesWithNumbersToTap()
    {
        var html = await Rendering.Html.RenderAsync<ThankYouPage>(new Dictionary<string, object?>
        {
            ["ClinicName"] = Clinic,
            ["RiskAnswer"] = true,
            ["CrisisResources"] = CrisisResource.Parse("Samaritans | 116 123 | any time | https://www.samaritans.org; Lifeline | +1 988").Resources,
        });
        var crisis = new HtmlParser().ParseDocument(html).QuerySelector(".crisis")!;

        Assert.Equal("alert", crisis.GetAttribute("role"));
        Assert.Equal(["tel:116123", "https://www.samaritans.org", "tel:+1988"], crisis.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Contains("Samaritans: 116 123 (any time)", crisis.TextContent, StringComparison.Ordinal);
        Assert.Contains("call your local emergency number now", crisis.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThankYouAfterARiskAnswer_WithoutServices_NamesNoCountrysNumbers()
    {
        var html = await Rendering.Html.RenderAsync<ThankYouPage>(new Dictionary<string, object?> { ["ClinicName"] = Clinic, ["RiskAnswer"] = true });
        var crisis = new HtmlParser().ParseDocument(html).QuerySelector(".crisis")!;

        Assert.Contains("call your local emergency number now", crisis.TextContent, StringComparison.Ordinal);
        Assert.Empty(crisis.QuerySelectorAll("a"));
        Assert.DoesNotMatch(@"\d", crisis.TextContent);
    }
}
