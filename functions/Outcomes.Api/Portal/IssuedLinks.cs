using Microsoft.AspNetCore.Http;
using Outcomes.Practice;

namespace Outcomes.Api.Portal;

/// <summary>
/// A questionnaire link issued from the portal, shown once on the page the post redirects to
/// (post/redirect/get: a reload cannot issue a second). The redirect cannot carry the token, so it
/// goes sealed in <see cref="KeptForm"/>'s cookie for that one page, and is kept nowhere else.
/// </summary>
public sealed class IssuedLinks(KeptForm kept, PublicLinks links)
{
    public void Keep(HttpContext context, string clientId, string token, Invitation invitation) =>
        kept.Keep(context, Key(clientId), new Dictionary<string, string>
        {
            ["link"] = links.Questionnaire(token),
            ["until"] = Outcomes.Practice.Email.EmailText.LocalDate(invitation.ExpiresAt, "UTC"),
        });

    /// <summary>The link issued for the client by the post just before, once; null when it was shown already (a reload) or none was.</summary>
    public (string Link, string Until)? Take(HttpContext context, string clientId) =>
        kept.Take(context, Key(clientId)) is { } issued && issued.GetValueOrDefault("link") is { Length: > 0 } link
            ? (link, issued.GetValueOrDefault("until") ?? "")
            : null;

    private static string Key(string clientId) => $"/portal/issued-link/{clientId}";
}
