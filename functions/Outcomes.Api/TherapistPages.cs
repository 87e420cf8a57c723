using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;
using Outcomes.Practice;

namespace Outcomes.Api;

/// <summary>
/// The pages behind the links in therapists' emails: acknowledging a risk alert (<c>/a/{token}</c>)
/// and the caseload (<c>/t/{token}</c>). Links are signed and expire; a wrong one shows the same
/// neutral page as an unknown one.
/// </summary>
public sealed class TherapistPages(RiskAlerts alerts, CaseloadView caseload, DigestEmail digestEmail, PracticeSettings settings, ILogger<TherapistPages> logger)
{
    private const string Css = """
        body{font-family:system-ui,sans-serif;margin:0;padding:1rem;line-height:1.5;color:#1a1a1a;background:#fff;max-width:48rem}
        h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.5rem}h3{font-size:1rem;margin:.8rem 0 .2rem}
        button{font:inherit;font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:.4rem;background:#0b57d0;color:#fff}
        :focus-visible{outline:3px solid #b3261e;outline-offset:2px}
        .alert{border:3px solid #b3261e;padding:1rem;background:#fff4f4}.done{border:3px solid #1d6b2f;padding:1rem}
        table{border-collapse:collapse}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ccc}
        img{max-width:100%;height:auto}#needs-attention h2{color:#8a1c1c}#improving h2{color:#1d6b2f}
        """;

    private static readonly string StyleHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)));

    /// <summary>As the questionnaire's policy, plus the caseload's charts as data: images.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{StyleHash}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Shows the alert and one button. A GET never acknowledges: mail scanners open links before people do.</summary>
    public Task<IResult> ShowAlertAsync(HttpRequest request, string token, CancellationToken cancellationToken) =>
        Guard(request, async () =>
        {
            var view = await alerts.FindAsync(token, cancellationToken);
            if (view is null)
            {
                return UnknownLink(request);
            }

            if (view.Alert.IsAcknowledged)
            {
                return Page(request, StatusCodes.Status200OK, "Already acknowledged", Acknowledged(view));
            }

            return Page(request, StatusCodes.Status200OK, $"Risk alert: client {view.DisplayCode}",
                $"<div class=\"alert\"><p>{E(view.Alert.Description)}</p><p>Raised {E(EmailText.LocalTime(view.Alert.RaisedAt, view.TimeZone))}.</p></div>" +
                "<form method=\"post\"><p>Confirm that you have seen this alert and are following it up. This stops the escalation to the duty contact.</p>" +
                "<button type=\"submit\">I have seen this alert</button></form>");
        });

    public Task<IResult> AcknowledgeAsync(HttpRequest request, string token, CancellationToken cancellationToken) =>
        Guard(request, async () =>
        {
            var view = await alerts.AcknowledgeAsync(token, cancellationToken);
            return view is null ? UnknownLink(request) : Page(request, StatusCodes.Status200OK, view.AcknowledgedNow ? "Thank you" : "Already acknowledged", Acknowledged(view));
        });

    public Task<IResult> ShowCaseloadAsync(HttpRequest request, string token, CancellationToken cancellationToken) =>
        Guard(request, async () =>
        {
            var page = await caseload.ReadAsync(token, cancellationToken);
            if (page is null)
            {
                return UnknownLink(request);
            }

            var body = digestEmail.RenderHtml(page.Digest, (_, png) => $"data:image/png;base64,{Convert.ToBase64String(png)}", page.Breakthroughs, inlineStyles: false);
            return Page(request, StatusCodes.Status200OK, DigestEmail.Title(page.Digest), body);
        });

    private static string Acknowledged(RiskAlertView view) =>
        $"<div class=\"done\" role=\"status\"><p>The risk alert for client {E(view.DisplayCode)} was acknowledged by the {E(view.Alert.AcknowledgedBy ?? "")} " +
        $"at {E(EmailText.LocalTime(view.Alert.AcknowledgedAt!.Value, view.TimeZone))}.</p><p>{E(view.Alert.Description)}</p></div>";

    private async Task<IResult> Guard(HttpRequest request, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable for a therapist page");
            return Page(request, StatusCodes.Status503ServiceUnavailable, "Please try again", "<p>The service is briefly unavailable and nothing was changed. Please try the link again in a minute.</p>");
        }
    }

    private IResult UnknownLink(HttpRequest request) =>
        Page(request, StatusCodes.Status404NotFound, "This link does not work", "<p>This link is not valid or has expired. The alert or digest it came from is still in your email.</p>");

    private IResult Page(HttpRequest request, int status, string title, string body) =>
        HtmlPage.Render(request, status, title, body, settings.ClinicName, Css, ContentSecurityPolicy, head: "<meta name=\"robots\" content=\"noindex\">");

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
