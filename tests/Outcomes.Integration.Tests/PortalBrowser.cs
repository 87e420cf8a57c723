using System.Net;
using AngleSharp.Html.Parser;
using Outcomes.Local;

namespace Outcomes.Integration.Tests;

/// <summary>
/// A person at the portal over real HTTP, with their own cookies and no automatic redirects, so
/// each step of the sign-in (the portal's challenge, the provider's page, the code coming back)
/// can be checked as it happens.
/// </summary>
public sealed class PortalBrowser : IDisposable
{
    private readonly HttpClient _http;

    public PortalBrowser(LocalHost host)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };
        Host = host;
    }

    public CookieContainer Cookies { get; }

    public LocalHost Host { get; }

    /// <summary>The provider's redirect back to the portal, with the code, from the last sign-in.</summary>
    public Uri? Callback { get; private set; }

    /// <summary>The session cookie as the portal set it at the last sign-in (its Set-Cookie header).</summary>
    public string? SessionCookie { get; private set; }

    /// <summary>Signs in through the provider's page as <paramref name="email"/>; returns the page the portal then shows.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string path = "/portal", string? password = null)
    {
        var challenge = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        var signInPage = await _http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, signInPage.StatusCode);
        var fields = Form(await signInPage.Content.ReadAsStringAsync());
        fields["email"] = email;
        fields["password"] = password ?? Host.SignIn!.PasswordFor(email);

        var signedIn = await _http.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Callback = signedIn.Headers.Location!;
        var callback = await _http.GetAsync(Callback);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        SessionCookie = callback.Headers.GetValues("Set-Cookie").FirstOrDefault(c => c.StartsWith("outcomes.session=", StringComparison.Ordinal));
        return await _http.GetAsync(callback.Headers.Location!);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>Posts a form as the page at <paramref name="pagePath"/> would, with its antiforgery token, plus <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pagePath, string action, params (string Name, string Value)[] fields)
    {
        var page = await _http.GetAsync(pagePath);
        page.EnsureSuccessStatusCode();
        // Every field as given, a repeated name (ticked boxes) repeated, as a browser sends them.
        var form = new List<KeyValuePair<string, string>> { new(Outcomes.Views.Portal.PortalForm.AntiforgeryField, Token(await page.Content.ReadAsStringAsync())) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await _http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent content) => _http.PostAsync(path, content);

    /// <summary>The antiforgery token a portal page carries in its forms.</summary>
    public static string Token(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelector($"input[name='{Outcomes.Views.Portal.PortalForm.AntiforgeryField}']")!.GetAttribute("value")!;

    /// <summary>The hidden fields of a page's first form.</summary>
    public static Dictionary<string, string> Form(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll("form input[type=hidden]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");

    public void Dispose() => _http.Dispose();
}
