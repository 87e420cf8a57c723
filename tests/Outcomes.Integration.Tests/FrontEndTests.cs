using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace Outcomes.Integration.Tests;

/// <summary>
/// The practice as Azure runs it: an https public address, and a front end that terminates TLS and
/// hands each request on as plain HTTP with <c>X-Forwarded-Proto: https</c>.
/// </summary>
public sealed class FrontEndFixture : PracticeFixture
{
    public int Port { get; } = FreePort();

    public string PublicBaseUrl => $"https://127.0.0.1:{Port}";

    protected override IEnumerable<string> Arguments() => ["--urls", $"http://127.0.0.1:{Port}", $"--Outcomes:PublicBaseUrl={PublicBaseUrl}"];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(nameof(FrontEndCollection))]
public sealed class FrontEndCollection : ICollectionFixture<FrontEndFixture>;

[Collection(nameof(FrontEndCollection))]
public class FrontEndTests(FrontEndFixture practice)
{
    [Fact]
    public async Task BehindTheFrontEnd_ThePortalWorksWithSecureCookies()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var browser = new HttpsBrowser(practice.PublicBaseUrl, forwardScheme: true);

        // The challenge sends the provider the https return address and sets Secure cookies.
        var challenge = await browser.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Contains(Uri.EscapeDataString($"{practice.PublicBaseUrl}/signin-oidc"), challenge.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.All(challenge.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));

        // Through the provider and back: the portal's pages, whose forms carry antiforgery tokens.
        var signInPage = await browser.GetAsync(challenge.Headers.Location!.ToString());
        var fields = PortalBrowser.Form(await signInPage.Content.ReadAsStringAsync());
        fields["email"] = therapist.Email;
        fields["password"] = practice.Host.SignIn!.Password;
        var signedIn = await browser.PostAsync($"{practice.Host.BaseUrl}/connect/authorize", new FormUrlEncodedContent(fields));
        var callback = await browser.GetAsync(signedIn.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var session = Assert.Single(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("outcomes.session=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);

        var caseload = await browser.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.OK, caseload.StatusCode);
        var clientId = await therapist.EnrolClientAsync("F-1");
        var client = await browser.GetAsync($"/portal/clients/{clientId}");
        Assert.Equal(HttpStatusCode.OK, client.StatusCode);
        var html = await client.Content.ReadAsStringAsync();
        Assert.Contains(Outcomes.Views.Portal.PortalForm.AntiforgeryField, html, StringComparison.Ordinal);
        Assert.All(client.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task WithoutTheForwardedScheme_APortalPageIsSentToHttps_AndAPostIsRefusedPlainly()
    {
        using var direct = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(practice.Host.BaseUrl) };

        var page = await direct.GetAsync("/portal/clients/0123456789abcdef0123456789abcdef?tab=1");
        Assert.Equal(HttpStatusCode.PermanentRedirect, page.StatusCode);
        Assert.Equal($"{practice.PublicBaseUrl}/portal/clients/0123456789abcdef0123456789abcdef?tab=1", page.Headers.Location!.ToString());

        var post = await direct.PostAsync("/portal/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("served over HTTPS only", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheQuestionnaire_WorksOnEitherHop()
    {
        // It needs no cookie: it answers on the plain hop as it does behind the front end.
        var client = await practice.EnrolClientAsync();
        var token = await practice.InviteAsync(client);
        using var direct = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(practice.Host.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync($"/q/{token}")).StatusCode);
        using var behind = new HttpsBrowser(practice.PublicBaseUrl, forwardScheme: true);
        Assert.Equal(HttpStatusCode.OK, (await behind.GetAsync($"/q/{token}")).StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", "https")] // the Functions host on the same machine: believed
    [InlineData("::1", "https")]
    [InlineData("203.0.113.7", "http")] // anyone else: not
    [InlineData("10.1.2.3", "http")]
    public async Task TheForwardedScheme_IsBelievedOnlyFromThePlatform(string from, string seen)
    {
        var frontEnd = practice.Host.Services.GetRequiredService<Outcomes.Hosting.Forwarding.FrontEnd>();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(from);
        context.Request.Scheme = "http";
        context.Request.Path = "/q/abc";
        context.Request.Headers["X-Forwarded-Proto"] = "https";

        Assert.False(await frontEnd.HandleAsync(context));
        Assert.Equal(seen, context.Request.Scheme);
    }

    /// <summary>
    /// A browser on https, and the front end between it and the host: TLS ends there, the request
    /// goes on as plain HTTP, with <c>X-Forwarded-Proto: https</c> when <paramref name="forwardScheme"/>.
    /// Cookies are kept as the browser keeps them, for the https address (Secure ones included).
    /// </summary>
    private sealed class HttpsBrowser(string publicBaseUrl, bool forwardScheme) : IDisposable
    {
        private readonly CookieContainer _cookies = new();
        private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

        public async Task<HttpResponseMessage> GetAsync(string url) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, Absolute(url)));

        public async Task<HttpResponseMessage> PostAsync(string url, HttpContent content) => await SendAsync(new HttpRequestMessage(HttpMethod.Post, Absolute(url)) { Content = content });

        private Uri Absolute(string url) => url.StartsWith('/') ? new Uri(publicBaseUrl + url) : new Uri(url);

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            var asked = request.RequestUri!;
            if (_cookies.GetCookieHeader(asked) is { Length: > 0 } cookies)
            {
                request.Headers.Add("Cookie", cookies);
            }

            if (asked.Scheme == Uri.UriSchemeHttps)
            {
                request.RequestUri = new UriBuilder(asked) { Scheme = Uri.UriSchemeHttp }.Uri;
                if (forwardScheme)
                {
                    request.Headers.Add("X-Forwarded-Proto", "https");
                }
            }

            var response = await _http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    _cookies.SetCookies(asked, cookie);
                }
            }

            return response;
        }

        public void Dispose() => _http.Dispose();
    }
}
