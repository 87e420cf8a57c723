using System.Net;
using Microsoft.AspNetCore.Http;

namespace Outcomes.Api;

/// <summary>
/// Every page's shell and headers: a strict Content-Security-Policy, no referrer (links carry
/// tokens), no caching, no framing, no sniffing; the clinic's name at the top.
/// </summary>
internal static class HtmlPage
{
    public static IResult Render(HttpRequest request, int status, string title, string body, string clinicName, string css, string contentSecurityPolicy, string head = "")
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        var html = $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{head}" +
            $"<title>{E(title)} – {E(clinicName)}</title><style>{css}</style></head><body><header><p>{E(clinicName)}</p></header>" +
            $"<main><h1>{E(title)}</h1>{body}</main></body></html>";
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
