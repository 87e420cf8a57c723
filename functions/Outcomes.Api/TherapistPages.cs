using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Views.Pages;

namespace Outcomes.Api;

/// <summary>
/// The page behind the risk email's acknowledge link (<c>/a/{token}</c>): one purpose, signed and
/// short-lived, so it works without sign-in (everything else is in the portal). A wrong link shows
/// the same neutral page as an unknown one.
/// </summary>
public sealed class TherapistPages(RiskAlerts alerts, HtmlPage page, PracticeSettings settings, ILogger<TherapistPages> logger)
{
    /// <summary>Shows the alert and one button. A GET never acknowledges: mail scanners open links before people do.</summary>
    public Task<IResult> ShowAlertAsync(HttpRequest request, string token, CancellationToken cancellationToken) =>
        Guard(request, async () => await alerts.FindAsync(token, cancellationToken) is { } view
            ? await AlertPageAsync(request, view)
            : await UnknownLinkAsync(request));

    /// <summary>Acknowledges, with the form's optional note; a note that cannot be kept shows the form again (400) and acknowledges nothing.</summary>
    public Task<IResult> AcknowledgeAsync(HttpRequest request, string token, CancellationToken cancellationToken) =>
        Guard(request, async () =>
        {
            var (given, unreadable) = await NoteAsync(request, cancellationToken);
            var (note, problem) = unreadable is null ? RiskAlerts.ReadNote(given) : (null, unreadable);
            if (problem is not null)
            {
                return await alerts.FindAsync(token, cancellationToken) is { } unacknowledged
                    ? await page.SendAsync<RiskAlertPage>(request, StatusCodes.Status400BadRequest, new() { ["ClinicName"] = settings.ClinicName, ["View"] = unacknowledged, ["Note"] = given, ["NoteError"] = problem })
                    : await UnknownLinkAsync(request);
            }

            return await alerts.AcknowledgeAsync(token, cancellationToken, note) is { } view
                ? await AlertPageAsync(request, view)
                : await UnknownLinkAsync(request);
        });

    /// <summary>The form's note, if the post is a form that has one; a post without a form (the button alone) acknowledges without a note.</summary>
    private static async Task<(string? Note, string? Problem)> NoteAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (form, failure) = await FormBody.ReadAsync(request, cancellationToken);
        return failure switch
        {
            FormBody.Failure.None => (form!["note"].ToString(), null),
            FormBody.Failure.NotAForm => (null, null),
            FormBody.Failure.TooLarge => (null, $"That was more than the form can take; a note can be at most {RiskAlerts.MaxNoteLength} characters."),
            _ => (null, "The form arrived incomplete; nothing was acknowledged. Please send it again."),
        };
    }

    private Task<IResult> AlertPageAsync(HttpRequest request, RiskAlertView view) =>
        page.SendAsync<RiskAlertPage>(request, StatusCodes.Status200OK, new() { ["ClinicName"] = settings.ClinicName, ["View"] = view });

    private async Task<IResult> Guard(HttpRequest request, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable for a therapist page");
            return await page.MessageAsync(request, StatusCodes.Status503ServiceUnavailable, settings.ClinicName, "Please try again",
                ["The service is briefly unavailable and nothing was changed. Please try the link again in a minute."], noIndex: true);
        }
    }

    private Task<IResult> UnknownLinkAsync(HttpRequest request) =>
        page.MessageAsync(request, StatusCodes.Status404NotFound, settings.ClinicName, "This link does not work",
            ["This link is not valid or has expired. The alert is also on the client's page in the portal."], noIndex: true);
}
