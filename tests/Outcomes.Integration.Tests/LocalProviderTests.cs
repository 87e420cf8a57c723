using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Outcomes.Local.SignIn;

namespace Outcomes.Integration.Tests;

/// <summary>The local sign-in provider is as strict as a real one: one return address, codes used once, wrong passwords locked out, the admin's password its own.</summary>
[Collection(nameof(PracticeCollection))]
public class LocalProviderTests(PracticeFixture practice)
{
    private static readonly string Verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string Authorize(string redirect) =>
        $"/connect/authorize?client_id={LocalIdentityProvider.ClientId}&response_type=code&scope=openid%20email&state=s&nonce=n&code_challenge_method=S256" +
        $"&code_challenge={Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_')}&redirect_uri={Uri.EscapeDataString(redirect)}";

    private static HttpClient Browser(PracticeFixture practice) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(practice.Host.BaseUrl) };

    private async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password, string? redirect = null)
    {
        var page = await browser.GetAsync(Authorize(redirect ?? $"{practice.Host.BaseUrl}/signin-oidc"));
        var fields = PortalBrowser.Form(await page.Content.ReadAsStringAsync());
        fields["email"] = email;
        fields["password"] = password;
        return await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/signin-oidc")]       // another loopback port
    [InlineData("http://localhost:9/signin-oidc")]
    [InlineData("file:///signin-oidc")]
    [InlineData("https://evil.invalid/signin-oidc")]
    public async Task ACodeGoesOnlyToThePortalsOwnCallback(string redirect)
    {
        using var browser = Browser(practice);

        var page = await browser.GetAsync(Authorize(redirect));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Null(page.Headers.Location);
    }

    [Fact]
    public async Task ACodeIsRedeemedOnce()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var browser = Browser(practice);
        var signedIn = await SignInAsync(browser, therapist.Email, practice.Host.SignIn!.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var code = System.Web.HttpUtility.ParseQueryString(signedIn.Headers.Location!.Query)["code"]!;

        HttpContent Redemption() => new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = $"{practice.Host.BaseUrl}/signin-oidc",
            ["client_id"] = LocalIdentityProvider.ClientId, ["code_verifier"] = Verifier,
        });
        var first = await browser.PostAsync("/connect/token", Redemption());
        var second = await browser.PostAsync("/connect/token", Redemption());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True((await first.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("id_token", out _));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("invalid_grant", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task FiveWrongPasswords_LockThePersonOut_EvenForTheRightOne()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        using var browser = Browser(practice);
        for (var i = 0; i < LocalIdentityProvider.AttemptsBeforeLockout; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(browser, therapist.Email, $"guess {i}")).StatusCode);
        }

        var right = await SignInAsync(browser, therapist.Email, practice.Host.SignIn!.Password);

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("Too many wrong passwords", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Someone else is not locked out by it.
        var other = await TherapistPractice.EnrolAsync(practice);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, other.Email, practice.Host.SignIn!.Password)).StatusCode);
    }

    [Fact]
    public async Task TheAdminsPassword_IsNotTheTherapists()
    {
        var therapist = await TherapistPractice.EnrolAsync(practice);
        var provider = practice.Host.SignIn!;
        using var browser = Browser(practice);

        Assert.NotEqual(provider.Password, provider.AdminPassword);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(browser, LocalIdentityProvider.AdminEmail, provider.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(browser, therapist.Email, provider.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, LocalIdentityProvider.AdminEmail, provider.AdminPassword)).StatusCode);
    }
}
