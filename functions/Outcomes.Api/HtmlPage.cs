using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Outcomes.Views;
using Outcomes.Views.Pages;

namespace Outcomes.Api;

/// <summary>
/// Sends a page rendered from its Razor component, with every page's headers: a strict
/// Content-Security-Policy, no referrer (links carry tokens), no caching, no framing, no sniffing.
/// </summary>
public sealed class HtmlPage(HtmlRendering html, Portal.PortalSettings portal)
{
    public async Task<IResult> SendAsync<TPage>(HttpRequest request, int status, Dictionary<string, object?> parameters)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        await RenderAsync<TPage>(request, status, parameters);

    /// <summary>As <see cref="SendAsync{TPage}"/>, typed for a route that answers a page or JSON.</summary>
    public async Task<ContentHttpResult> RenderAsync<TPage>(HttpRequest request, int status, Dictionary<string, object?> parameters)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = PageStyle.ContentSecurityPolicy(portal.SignInOrigin);
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        return TypedResults.Content(await html.RenderAsync<TPage>(parameters), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>A page that says one thing, in a paragraph or a few.</summary>
    public Task<IResult> MessageAsync(HttpRequest request, int status, string clinicName, string title, string[] paragraphs, bool noIndex = false) =>
        SendAsync<MessagePage>(request, status, new() { ["ClinicName"] = clinicName, ["Title"] = title, ["Paragraphs"] = paragraphs, ["NoIndex"] = noIndex });
}
