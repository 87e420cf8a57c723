using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outcomes.Practice;
using Outcomes.Views.OwnProgress;

namespace Outcomes.Api;

/// <summary>
/// <c>GET /p/{token}</c> and its button's post: a client's own progress page, from the sealed link
/// of a milestone email. The link alone shows a button; the post begins a short session in this
/// browser and redirects back, so a reload shows the page again and a link scanner sees nothing.
/// </summary>
public sealed class ProgressLinkPage(ProgressPages pages, HtmlPage page, PracticeSettings practice, ILogger<ProgressLinkPage> logger)
{
    public async Task<IResult> ShowAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        try
        {
            var (opening, file) = await pages.OpenAsync(token, cancellationToken);
            var asked = file is not null && await pages.IsSessionOfAsync(ProgressSession.Of(request), file.Profile!.Id, cancellationToken);
            return await SendAsync(request, opening, asked ? await pages.ShowAsync(file!, cancellationToken) : null, token);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable while showing a progress page");
            return await UnavailableAsync(request);
        }
    }

    public async Task<IResult> AskAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        try
        {
            var (opening, file) = await pages.OpenAsync(token, cancellationToken);
            if (opening != ProgressOpening.Shown)
            {
                return await SendAsync(request, opening, null, token);
            }

            ProgressSession.Begin(request.HttpContext, await pages.BeginSessionAsync(file!.Profile!.Id, cancellationToken));
            request.HttpContext.Response.Headers.Location = $"{request.PathBase}/p/{Uri.EscapeDataString(token)}";
            return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable while opening a progress page");
            return await UnavailableAsync(request);
        }
    }

    private Task<IResult> SendAsync(HttpRequest request, ProgressOpening opening, ClientProgressView? view, string token) =>
        page.SendAsync<ProgressPage>(request, opening == ProgressOpening.Ended ? StatusCodes.Status404NotFound : StatusCodes.Status200OK, new()
        {
            ["ClinicName"] = practice.ClinicName,
            ["Opening"] = opening,
            ["View"] = view,
            ["Action"] = $"{request.PathBase}/p/{Uri.EscapeDataString(token)}",
            ["CrisisResources"] = practice.CrisisResources,
            ["ClinicContact"] = practice.ClinicContact,
        });

    private Task<IResult> UnavailableAsync(HttpRequest request) =>
        page.MessageAsync(request, StatusCodes.Status503ServiceUnavailable, practice.ClinicName, "Please try again", ["The service is briefly unavailable. Please try the link again in a minute."]);
}
