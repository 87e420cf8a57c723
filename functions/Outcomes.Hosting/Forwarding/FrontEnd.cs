using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outcomes.Hosting.Settings;

namespace Outcomes.Hosting.Forwarding;

/// <summary>
/// Requests as they left the person's browser, behind a front end that terminates TLS. Azure's
/// front end hands the request on as plain HTTP with <c>X-Forwarded-Proto: https</c>, through the
/// Functions host on the same machine; that header is believed only from there (a loopback
/// connection: ASP.NET Core's forwarded-headers rules with their default known proxies), never from
/// a browser. Without the right scheme the portal's Secure cookies and antiforgery fail, and the
/// provider is sent an http:// return address. Both hosts run this first, in one place.
/// </summary>
public sealed class FrontEnd
{
    private readonly ForwardedHeadersMiddleware _forwarded;
    private readonly OutcomesOptions _outcomes;
    private readonly Uri? _httpsPublicBase;

    public FrontEnd(IOptions<OutcomesOptions> outcomes, ILoggerFactory loggers)
    {
        _outcomes = outcomes.Value;
        _forwarded = new ForwardedHeadersMiddleware(
            _ => Task.CompletedTask,
            loggers,
            Options.Create(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor }));
        _httpsPublicBase = Uri.TryCreate(_outcomes.PublicBaseUrl, UriKind.Absolute, out var publicBase) && publicBase.Scheme == Uri.UriSchemeHttps ? publicBase : null;
    }

    /// <summary>
    /// Takes the scheme the platform vouches for. True when the request was answered here: a portal
    /// page of an HTTPS site asked for over plain HTTP is sent to its HTTPS address (a GET) or
    /// refused with a plain 400 (anything else), never a 500 from a cookie it cannot set.
    /// </summary>
    public async Task<bool> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        _forwarded.ApplyForwarders(context);
        if (!request.IsHttps && _outcomes.HttpsOnlyAtTheEdge)
        {
            request.Scheme = Uri.UriSchemeHttps;
        }

        if (request.IsHttps || _httpsPublicBase is null || !NeedsHttps(request.Path))
        {
            return false;
        }

        var response = context.Response;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status308PermanentRedirect;
            response.Headers.Location = new Uri(_httpsPublicBase, $"{request.PathBase}{request.Path}{request.QueryString}").ToString();
            return true;
        }

        response.StatusCode = StatusCodes.Status400BadRequest;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync($"The portal is served over HTTPS only: open {_httpsPublicBase.GetLeftPart(UriPartial.Authority)}/portal. Nothing was changed.", context.RequestAborted);
        return true;
    }

    /// <summary>The portal and its sign-in: the pages whose session and antiforgery cookies are Secure on an HTTPS site.</summary>
    private static bool NeedsHttps(PathString path) =>
        path.StartsWithSegments("/portal", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/signin-oidc", StringComparison.OrdinalIgnoreCase);
}
