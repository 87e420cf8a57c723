using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Scoring;
using Outcomes.Practice;
using Outcomes.Views.Pages;

namespace Outcomes.Api;

/// <summary>
/// <c>GET /q/{token}</c> and its form post: the questionnaire a client answers from the emailed
/// link. Server-rendered HTML that needs no JavaScript; every value is HTML-encoded; the page
/// forbids scripts, framing and referrers (the link's token must not leak).
/// </summary>
public sealed class QuestionnairePage(AnswerSubmission submission, ProgressPages progress, InstrumentCatalog instruments, HtmlPage page, PracticeSettings practice, ILogger<QuestionnairePage> logger)
{
    public async Task<IResult> ShowAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        try
        {
            var (status, invitation) = await submission.FindOpenInvitationAsync(token, cancellationToken);
            return status switch
            {
                SubmissionStatus.Accepted => await FormAsync(request, StatusCodes.Status200OK, invitation!, [], new Dictionary<string, string>()),
                SubmissionStatus.AlreadyAnswered => await ConfirmationAsync(request, invitation!, cancellationToken),
                _ => await UnknownLinkAsync(request),
            };
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable while showing a questionnaire");
            return await MessageAsync(request, StatusCodes.Status503ServiceUnavailable, "Please try again", "The service is briefly unavailable. Please try the link again in a minute.");
        }
    }

    public async Task<IResult> SubmitAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        var (form, failure) = await FormBody.ReadAsync(request, cancellationToken);
        switch (failure)
        {
            case FormBody.Failure.NotAForm:
                return await MessageAsync(request, StatusCodes.Status400BadRequest, "Your answers could not be read", "Please send your answers with the form on the check-in page.");
            case FormBody.Failure.TooLarge:
                return await MessageAsync(request, StatusCodes.Status413PayloadTooLarge, "Too much text", "That was more than the form can take. Please go back and shorten your answer.");
            case FormBody.Failure.Unreadable:
                return await MessageAsync(request, StatusCodes.Status400BadRequest, "Your answers could not be read", "Your answers arrived incomplete. Please go back to the check-in page and send them again.");
        }

        try
        {
            var given = form!.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            var (status, invitation) = await submission.FindOpenInvitationAsync(token, cancellationToken);
            if (status != SubmissionStatus.Accepted)
            {
                return status == SubmissionStatus.AlreadyAnswered ? ToConfirmation(request, token) : await UnknownLinkAsync(request);
            }

            var answers = Read(invitation!, given);
            var result = await submission.SubmitAsync(invitation!, answers, cancellationToken); // the invitation was just read: no second read
            if (result.Status == SubmissionStatus.Accepted)
            {
                // The one who answered sees their progress under their thanks, if it is shared with them; the link alone never shows it.
                try
                {
                    ProgressSession.Begin(request.HttpContext, await progress.BeginSessionAsync(invitation!.ClientId, cancellationToken));
                }
                catch (StorageUnavailableException ex)
                {
                    // The answers are stored: the thanks (and any crisis advice) must still come; the progress waits for its button.
                    logger.LogWarning(ex, "Storage unavailable while beginning a progress session; the answers are stored");
                }
            }

            return result.Status switch
            {
                // Post/redirect/get: the confirmation is the link's own page from now on, so a reload,
                // Back and send again, or a second tap all land on it, crisis advice included.
                SubmissionStatus.Accepted or SubmissionStatus.AlreadyAnswered => ToConfirmation(request, token),
                SubmissionStatus.UnknownLink => await UnknownLinkAsync(request),
                _ => await FormAsync(request, StatusCodes.Status400BadRequest, invitation!, result.Problems!, given),
            };
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable while submitting a questionnaire");
            return await MessageAsync(request, StatusCodes.Status503ServiceUnavailable, "Please try again", "Your answers could not be saved just now, and nothing was saved. Please go back and send them again in a minute.");
        }
    }

    /// <summary>Form fields are named <c>{instrument}.{item}</c>; a value that is not a whole number is left out, and reported as missing.</summary>
    private Dictionary<string, AnswerSet> Read(Invitation invitation, Dictionary<string, string> given)
    {
        var answers = new Dictionary<string, AnswerSet>(StringComparer.Ordinal);
        foreach (var id in invitation.Instruments)
        {
            var instrument = instruments[id];
            var choices = new Dictionary<string, int>(StringComparer.Ordinal);
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in instrument.Items)
            {
                if (!given.TryGetValue($"{id}.{item.Id}", out var value) || value.Length == 0)
                {
                    continue;
                }

                if (item.Kind == ItemKind.Text)
                {
                    texts[item.Id] = value;
                }
                else if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    choices[item.Id] = number;
                }
            }

            answers[id] = new AnswerSet(choices, texts);
        }

        return answers;
    }

    private Task<IResult> FormAsync(HttpRequest request, int status, Invitation invitation, IReadOnlyList<AnswerProblem> problems, IReadOnlyDictionary<string, string> given) =>
        page.SendAsync<QuestionnaireForm>(request, status, new()
        {
            ["ClinicName"] = practice.ClinicName,
            ["Instruments"] = invitation.Instruments.Select(id => instruments[id]).ToList(),
            ["Problems"] = problems,
            ["Given"] = given,
        });

    /// <summary>The same page for an unknown, forged, expired or closed link: it says how to reach the clinic, not which it was.</summary>
    private Task<IResult> UnknownLinkAsync(HttpRequest request) =>
        page.MessageAsync(request, StatusCodes.Status404NotFound, practice.ClinicName, "This link does not work",
        [
            "This link has expired or has already been used.",
            practice.ClinicContact is { } contact
                ? $"To reach {practice.ClinicName}, or to ask for a new link: {contact}."
                : $"{practice.ClinicName} can send you a new link.",
        ]);

    /// <summary>
    /// 303 to the link's own address, which now shows the confirmation. The address is relative,
    /// so it holds behind any front end; it is the link the client already has.
    /// </summary>
    private static IResult ToConfirmation(HttpRequest request, string token)
    {
        request.HttpContext.Response.Headers.Location = $"{request.PathBase}/q/{Uri.EscapeDataString(token)}";
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>
    /// The page of an answered link: thanks, and after a risk answer the crisis advice first. A link
    /// answered before the store kept whether it held a risk answer shows the advice: when in doubt, help.
    /// </summary>
    /// <remarks>
    /// Under the thanks, when the client's therapist shares their progress: the progress itself in a
    /// browser that answered or asked for it (<see cref="ProgressSession"/>), else a button that asks.
    /// </remarks>
    private async Task<IResult> ConfirmationAsync(HttpRequest request, Invitation answered, CancellationToken cancellationToken)
    {
        ClientProgressView? shown = null;
        string? action = null;
        try
        {
            var shared = await progress.SharedAsync(answered, cancellationToken);
            var asked = shared is not null && await progress.IsSessionOfAsync(ProgressSession.Of(request), answered.ClientId, cancellationToken);
            shown = asked ? await progress.ShowAsync(shared!, cancellationToken) : null;
            action = shared is not null && !asked ? $"{request.PathBase}/p/{await progress.TokenAsync(answered, cancellationToken)}" : null;
        }
        catch (StorageUnavailableException ex)
        {
            // The thanks and the crisis advice never wait on the progress: without storage, they come alone.
            logger.LogWarning(ex, "Storage unavailable while reading a client's progress for their confirmation");
        }

        return await page.SendAsync<ThankYouPage>(request, StatusCodes.Status200OK, new()
        {
            ["ClinicName"] = practice.ClinicName,
            ["RiskAnswer"] = answered.RiskAnswer ?? true,
            ["CrisisResources"] = practice.CrisisResources,
            ["ClinicContact"] = practice.ClinicContact,
            ["Progress"] = shown,
            ["ProgressAction"] = action,
        });
    }

    private Task<IResult> MessageAsync(HttpRequest request, int status, string title, string paragraph) =>
        page.MessageAsync(request, status, practice.ClinicName, title, [paragraph]);
}
