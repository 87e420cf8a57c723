using System.Globalization;
using System.Security.Claims;

namespace Outcomes.Api.Portal;

/// <summary>A person signed in to the portal: a therapist (with their id), an admin, both, or neither (enrolled as nothing here).</summary>
public sealed record PortalUser(string Email, string Name, string? TherapistId, bool IsAdmin, DateTimeOffset SignedInAt)
{
    public bool IsTherapist => TherapistId is not null;

    /// <summary>Who did it, for the audit log: the person's sign-in email and what they are here.</summary>
    public string Actor => $"{Email} ({string.Join(", ", Roles)})";

    private IEnumerable<string> Roles =>
        new[] { TherapistId is { } id ? $"therapist {id}" : null, IsAdmin ? "admin" : null }.OfType<string>().DefaultIfEmpty("no role");

    public static PortalUser? From(ClaimsPrincipal principal)
    {
        if (principal.FindFirst(PortalIdentity.EmailClaim)?.Value is not { } email
            || !long.TryParse(principal.FindFirst(PortalIdentity.SignedInAtClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var signedIn))
        {
            return null;
        }

        return new PortalUser(
            email,
            principal.FindFirst(PortalIdentity.NameClaim)?.Value ?? email,
            principal.FindFirst(PortalIdentity.TherapistClaim)?.Value,
            principal.HasClaim(PortalIdentity.AdminClaim, "true"),
            DateTimeOffset.FromUnixTimeSeconds(signedIn));
    }
}
