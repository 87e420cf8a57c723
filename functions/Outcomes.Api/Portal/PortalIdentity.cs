using System.Security.Claims;
using Outcomes.Practice;

namespace Outcomes.Api.Portal;

/// <summary>
/// Who a person signed in to the portal is, in the clinic's terms: shaped once at sign-in from the
/// provider's ID token (email, name, app roles) and the Therapists table, and kept in the session.
/// </summary>
public static class PortalIdentity
{
    /// <summary>The session cookie's scheme, and the provider's (OpenID Connect) scheme.</summary>
    public const string SessionScheme = "PortalSession";
    public const string ProviderScheme = "OpenIdConnect";

    /// <summary>The app role (Entra) or <c>roles</c> claim value that makes someone an admin.</summary>
    public const string DefaultAdminRole = "Outcomes.Admin";

    public const string EmailClaim = "email";
    public const string NameClaim = "name";
    public const string TherapistClaim = "outcomes_therapist";
    public const string AdminClaim = "outcomes_admin";
    public const string SignedInAtClaim = "outcomes_signed_in_at";

    /// <summary>
    /// The session's identity: the person's email and name, the therapist they are (matched by the
    /// email the provider vouches for), and whether they hold the admin role. Entra puts the
    /// sign-in name in <c>preferred_username</c> when it sends no <c>email</c>; in a single-tenant
    /// registration the clinic's own directory issues that name, so it is as good as verified.
    /// </summary>
    public static async Task<ClaimsPrincipal> ShapeAsync(ClaimsPrincipal provider, ITherapists therapists, string adminRole, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var email = (provider.FindFirst(EmailClaim)?.Value ?? provider.FindFirst("preferred_username")?.Value)?.Trim() ?? "";
        var name = provider.FindFirst(NameClaim)?.Value ?? email;
        var admin = provider.FindAll("roles").Concat(provider.FindAll("role")).Any(c => c.Value == adminRole);
        var therapist = email.Length == 0
            ? null
            : (await therapists.ListTherapistsAsync(cancellationToken)).FirstOrDefault(t => string.Equals(t.Email, email, StringComparison.OrdinalIgnoreCase));

        var claims = new List<Claim>
        {
            new(EmailClaim, email),
            new(NameClaim, name),
            new(SignedInAtClaim, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (provider.FindFirst("sub")?.Value is { } subject)
        {
            claims.Add(new Claim("sub", subject));
        }

        if (therapist is not null)
        {
            claims.Add(new Claim(TherapistClaim, therapist.Id));
        }

        if (admin)
        {
            claims.Add(new Claim(AdminClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, SessionScheme, NameClaim, null));
    }
}
