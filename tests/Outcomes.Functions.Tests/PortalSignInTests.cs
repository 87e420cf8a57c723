using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using Outcomes.Api.Portal;
using Outcomes.Hosting;
using Outcomes.Practice;

namespace Outcomes.Functions.Tests;

/// <summary>
/// The portal's sign-in as the Functions app composes it for Azure: Entra ID by its authority and
/// client id, the code flow with PKCE back to the public address, and the session cookie's rules.
/// </summary>
public class PortalSignInTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["OutcomesTables"] = "UseDevelopmentStorage=true",
            ["OutcomesQueues"] = "UseDevelopmentStorage=true",
            ["Outcomes:PublicBaseUrl"] = "https://outcomes.clinic.example",
            ["Outcomes:SignIn:Authority"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
            ["Outcomes:SignIn:ClientId"] = "11111111-1111-1111-1111-111111111111",
            ["Outcomes:SignIn:ClientAuthentication"] = "ManagedIdentity",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddOutcomes(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Provider_IsAskedForACodeWithPkce_AndSendsPeopleBackToThePublicAddress()
    {
        using var services = Services();
        var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(PortalIdentity.ProviderScheme);

        Assert.Equal("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0", oidc.Authority);
        Assert.Equal("code", oidc.ResponseType);
        Assert.True(oidc.UsePkce);
        Assert.Equal("query", oidc.ResponseMode);
        Assert.Equal("/signin-oidc", oidc.CallbackPath);
        Assert.Equal(PortalIdentity.SessionScheme, oidc.SignInScheme);
        Assert.False(oidc.SaveTokens); // the provider's tokens are not kept in the cookie
        Assert.Null(oidc.ClientSecret); // the managed identity's assertion instead
        Assert.True(oidc.RequireHttpsMetadata);
        Assert.True(services.GetRequiredService<PortalSettings>().SignInConfigured);

        // A portal form posted after the session ended is sent on to Entra's sign-in: the pages' policy lets that redirect through, and nothing else.
        Assert.Contains("form-action 'self' https://login.microsoftonline.com;", Outcomes.Views.Pages.PageStyle.ContentSecurityPolicy(services.GetRequiredService<PortalSettings>().SignInOrigin), StringComparison.Ordinal);
    }

    [Fact]
    public void Session_IsAnHttpOnlySecureLaxCookie_ThirtyMinutesFromTheLastRequest()
    {
        using var services = Services();
        var cookie = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(PortalIdentity.SessionScheme);

        Assert.True(cookie.Cookie.HttpOnly);
        Assert.Equal(CookieSecurePolicy.Always, cookie.Cookie.SecurePolicy);
        Assert.Equal(SameSiteMode.Lax, cookie.Cookie.SameSite);
        Assert.Equal(TimeSpan.FromMinutes(30), cookie.ExpireTimeSpan);
        Assert.True(cookie.SlidingExpiration);
        Assert.Equal(CookieSecurePolicy.Always, services.GetRequiredService<IOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>>().Value.Cookie.SecurePolicy);
    }

    [Fact]
    public void WithoutAnAuthority_ThePortalSaysSignInIsNotSetUp()
    {
        using var services = Services(("Outcomes:SignIn:Authority", ""));
        Assert.False(services.GetRequiredService<PortalSettings>().SignInConfigured);
    }

    [Fact]
    public async Task Identity_IsTheTherapistByTheirEmail_AndAdminByTheAppRole()
    {
        var therapists = new Mock<ITherapists>();
        therapists.Setup(t => t.ListTherapistsAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync([new Therapist("t1", "Dr One", "One@Clinic.example", "Europe/London", DateTimeOffset.UnixEpoch)]);
        var at = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

        // Entra: the sign-in name in preferred_username, app roles in "roles".
        var both = PortalUser.From(await PortalIdentity.ShapeAsync(Provider(("preferred_username", "one@clinic.example"), ("name", "Dr One"), ("roles", "Outcomes.Admin")), therapists.Object, "Outcomes.Admin", at, CancellationToken.None))!;
        Assert.Equal(("t1", true, at), (both.TherapistId, both.IsAdmin, both.SignedInAt));
        Assert.Equal("one@clinic.example (therapist t1, admin)", both.Actor);

        var therapist = PortalUser.From(await PortalIdentity.ShapeAsync(Provider(("email", "one@clinic.example"), ("roles", "Something.Else")), therapists.Object, "Outcomes.Admin", at, CancellationToken.None))!;
        Assert.Equal(("t1", false), (therapist.TherapistId, therapist.IsAdmin));

        var stranger = PortalUser.From(await PortalIdentity.ShapeAsync(Provider(("email", "someone@elsewhere.example")), therapists.Object, "Outcomes.Admin", at, CancellationToken.None))!;
        Assert.Equal((null, false, false), (stranger.TherapistId, stranger.IsAdmin, stranger.IsTherapist));
        Assert.Equal("someone@elsewhere.example (no role)", stranger.Actor);
    }

    private static ClaimsPrincipal Provider(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));
}
