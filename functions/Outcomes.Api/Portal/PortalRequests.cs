using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outcomes.Practice;
using Outcomes.Views.Pages;
using Outcomes.Views.Portal;

namespace Outcomes.Api.Portal;

/// <summary>
/// What every portal request goes through, in one place: the session (none, or expired: to the
/// provider's sign-in, then back here), the form (size, encoding, antiforgery token) and the
/// pages for refusals — unknown or someone else's client (404), a role the person lacks (403), a
/// storage outage (503) — each changing nothing. A form posted after the session ended changes
/// nothing either, but what was typed is kept through sign-in (<see cref="KeptForm"/>).
/// </summary>
public sealed class PortalRequests(HtmlPage page, IAntiforgery antiforgery, KeptForm kept, PortalSettings portal, PracticeSettings settings, ILogger<PortalRequests> logger)
{
    /// <summary>Runs <paramref name="action"/> for the signed-in person, or sends them to sign in and back to <paramref name="returnTo"/> (this page when null).</summary>
    public async Task<IResult> SignedInAsync(HttpRequest request, Func<PortalUser, Task<IResult>> action, string? returnTo = null)
    {
        if (!portal.SignInConfigured)
        {
            return await MessageAsync(request, StatusCodes.Status503ServiceUnavailable, "Sign-in is not set up",
                "The portal needs an OpenID Connect provider (Outcomes__SignIn__Authority and Outcomes__SignIn__ClientId); README says how to set it up.");
        }

        var session = await request.HttpContext.AuthenticateAsync(PortalIdentity.SessionScheme);
        if (!session.Succeeded || PortalUser.From(session.Principal) is not { } user)
        {
            // Only a path on this site is kept to come back to: never another address.
            var back = returnTo ?? request.Path.Value + request.QueryString.Value;
            if (HttpMethods.IsPost(request.Method) && await FormBody.ReadAsync(request, request.HttpContext.RequestAborted) is ({ } form, FormBody.Failure.None))
            {
                // Nothing is done with it now; the page it belongs to shows it again after sign-in, to send once more.
                kept.Keep(request.HttpContext, request.Path.Value!, form);
            }

            return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = back }, [PortalIdentity.ProviderScheme]);
        }

        request.HttpContext.User = session.Principal;
        try
        {
            return await action(user);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable for a portal page");
            return await MessageAsync(request, StatusCodes.Status503ServiceUnavailable, "Please try again",
                "The service is briefly unavailable and nothing was changed. Please try again in a minute.");
        }
    }

    /// <summary>As <see cref="SignedInAsync"/>, for the admins' pages: anyone without the role is told the page is not for them (403).</summary>
    public Task<IResult> AdminAsync(HttpRequest request, Func<PortalUser, Task<IResult>> action, string? returnTo = null) =>
        SignedInAsync(request, async user => user.IsAdmin
            ? await action(user)
            : await ForbiddenAsync(request, "Only the clinic's admins can open this page."), returnTo);

    /// <summary>
    /// The posted form, once its size, encoding and antiforgery token are checked; otherwise the
    /// page that says what was wrong (400), and nothing is changed.
    /// </summary>
    public async Task<(IFormCollection? Form, IResult? Refusal)> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (form, failure) = await FormBody.ReadAsync(request, cancellationToken);
        var problem = failure switch
        {
            FormBody.Failure.None => null,
            FormBody.Failure.TooLarge => "That was more than a form here can take. Nothing was changed.",
            _ => "The form arrived incomplete or was not a form. Nothing was changed; please go back and send it again.",
        };
        if (problem is null && !await antiforgery.IsRequestValidAsync(request.HttpContext))
        {
            problem = "This form did not come from your session in the portal (or the page was open too long). Nothing was changed; please go back, reload the page and send it again.";
        }

        return problem is null ? (form, null) : (null, await MessageAsync(request, StatusCodes.Status400BadRequest, "The form was not accepted", problem));
    }

    /// <summary>The header every portal page shows: who is signed in, where they can go, and the sign-out form with its token.</summary>
    public PortalChrome Chrome(HttpRequest request, PortalUser user) =>
        new(settings.ClinicName, user.Name, user.IsTherapist, user.IsAdmin, antiforgery.GetAndStoreTokens(request.HttpContext).RequestToken ?? "");

    /// <summary>No such client, or not this therapist's: the same page either way.</summary>
    public Task<IResult> NotFoundAsync(HttpRequest request) =>
        MessageAsync(request, StatusCodes.Status404NotFound, "Not found", "There is no such page, or it is not one of your clients'.");

    public Task<IResult> ForbiddenAsync(HttpRequest request, string what) =>
        MessageAsync(request, StatusCodes.Status403Forbidden, "Not for your role", what);

    public Task<IResult> MessageAsync(HttpRequest request, int status, string title, params string[] paragraphs) =>
        page.MessageAsync(request, status, settings.ClinicName, title, paragraphs, noIndex: true);
}
