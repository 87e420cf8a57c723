using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Outcomes.Views.Portal;

namespace Outcomes.Api.Portal;

/// <summary>
/// What a person typed into a portal form that reached the app after their session had ended: kept
/// through sign-in in a short-lived cookie sealed with the app's Data Protection keys, and given back
/// once to the page the form belongs to, which shows it filled in for them to send again. Nothing is
/// done with it until they do: the post that met the ended session changed nothing.
/// </summary>
public sealed class KeptForm(IDataProtectionProvider protection, TimeProvider time)
{
    public const string Cookie = "Outcomes.KeptForm";

    /// <summary>Long enough to sign in again, short enough that a shared computer does not keep it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    // A browser keeps about 4 KB a cookie; a form larger than this is not kept (the portal's are a note and a few fields).
    private const int MaxCookieLength = 3800;

    private readonly IDataProtector _protector = protection.CreateProtector("Outcomes.Portal.KeptForm");

    /// <summary>Keeps the form's fields (not its antiforgery token) for the page at <paramref name="postedTo"/>; false when it could not be kept.</summary>
    public bool Keep(HttpContext context, string postedTo, IFormCollection form) =>
        Keep(context, postedTo, form
            .Where(f => f.Key != PortalForm.AntiforgeryField)
            .ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));

    /// <summary>
    /// Keeps <paramref name="fields"/> for the next page at <paramref name="postedTo"/>, once: what was
    /// typed, or what a post made that its redirect must show but cannot carry in its address (a
    /// questionnaire link issued now). False when it could not be kept.
    /// </summary>
    public bool Keep(HttpContext context, string postedTo, Dictionary<string, string> fields)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var sealedForm = _protector.Protect(JsonSerializer.Serialize(new Kept(postedTo, fields, expires)));
        if (sealedForm.Length > MaxCookieLength)
        {
            return false;
        }

        context.Response.Cookies.Append(Cookie, sealedForm, Options(context, expires));
        return true;
    }

    /// <summary>The fields kept for a form posted to <paramref name="postedTo"/>, once (the cookie goes); null when there are none, or they expired.</summary>
    public IReadOnlyDictionary<string, string>? Take(HttpContext context, string postedTo)
    {
        if (context.Request.Cookies[Cookie] is not { Length: > 0 } value)
        {
            return null;
        }

        Kept? kept;
        try
        {
            kept = JsonSerializer.Deserialize<Kept>(_protector.Unprotect(value));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            kept = null; // altered, or sealed with a key no longer held
        }

        if (kept is not null && kept.Expires <= time.GetUtcNow())
        {
            kept = null;
        }

        if (kept is null || kept.PostedTo == postedTo)
        {
            context.Response.Cookies.Delete(Cookie, Options(context, expires: null));
        }

        return kept?.PostedTo == postedTo ? kept.Fields : null;
    }

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        Path = "/portal",
        HttpOnly = true,
        SameSite = SameSiteMode.Lax, // comes back with the top-level return from the sign-in provider
        Secure = context.Request.IsHttps,
        IsEssential = true,
        Expires = expires,
    };

    private sealed record Kept(string PostedTo, Dictionary<string, string> Fields, DateTimeOffset Expires);
}
