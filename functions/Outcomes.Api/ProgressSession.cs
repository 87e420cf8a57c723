using Microsoft.AspNetCore.Http;

namespace Outcomes.Api;

/// <summary>
/// The cookie that lets this browser see a client's progress for <see cref="Practice.ProgressPages.SessionLifetime"/>:
/// begun only by a POST (answering, or pressing "show my progress"), sealed, sent only on this site's
/// own requests (SameSite strict), never to script.
/// </summary>
public static class ProgressSession
{
    public const string Cookie = "Outcomes.Progress";

    public static void Begin(HttpContext context, string session) =>
        context.Response.Cookies.Append(Cookie, session, new CookieOptions
        {
            Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "/",
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            MaxAge = Practice.ProgressPages.SessionLifetime,
        });

    public static string? Of(HttpRequest request) => request.Cookies[Cookie] is { Length: > 0 } value ? value : null;
}
