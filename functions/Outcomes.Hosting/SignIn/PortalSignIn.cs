using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Outcomes.Api.Portal;
using Outcomes.Hosting.Settings;
using Outcomes.Practice;

namespace Outcomes.Hosting.SignIn;

/// <summary>
/// The portal's sign-in, the same in both hosts: OpenID Connect (authorization code with PKCE,
/// the code returned in the query) to an encrypted, HttpOnly, SameSite=Lax session cookie that
/// lasts 30 minutes from the last request and 8 hours from sign-in at most; antiforgery tokens
/// for every form; and one key ring in storage for every instance. Handlers call the
/// authentication service themselves (the Functions worker runs no ASP.NET Core middleware).
/// </summary>
public static class PortalSignIn
{
    public const string CallbackPath = "/signin-oidc";

    private static readonly string[] Scopes = ["openid", "profile", "email"];

    public static IServiceCollection AddPortalSignIn(this IServiceCollection services)
    {
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section);

        services.AddDataProtection().SetApplicationName("Outcomes");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new TableKeyRing(sp.GetRequiredService<TableServiceClient>())));

        services.AddAntiforgery();
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<OutcomesOptions>>((antiforgery, outcomes) =>
        {
            antiforgery.Cookie.Name = "outcomes.antiforgery";
            antiforgery.Cookie.SecurePolicy = SecurePolicy(outcomes.Value);
            antiforgery.FormFieldName = Outcomes.Views.Portal.PortalForm.AntiforgeryField;
            antiforgery.SuppressXFrameOptionsHeader = true; // pages send their own
        });

        services.AddAuthentication(PortalIdentity.SessionScheme)
            .AddCookie(PortalIdentity.SessionScheme)
            .AddOpenIdConnect(PortalIdentity.ProviderScheme, _ => { });

        services.AddSingleton<TableSessionStore>();
        services.AddSingleton<IPortalSessions>(sp => sp.GetRequiredService<TableSessionStore>());
        services.AddOptions<CookieAuthenticationOptions>(PortalIdentity.SessionScheme)
            .Configure<TimeProvider, IOptions<OutcomesOptions>, TableSessionStore>((cookie, time, outcomes, sessions) =>
            {
                cookie.TimeProvider = time;
                cookie.SessionStore = sessions; // the cookie names a session the server keeps: signing out ends it everywhere
                cookie.Cookie.Name = "outcomes.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax; // sent on the provider's redirect back, never on another site's post
                cookie.Cookie.SecurePolicy = SecurePolicy(outcomes.Value);
                cookie.ExpireTimeSpan = PortalSession.IdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = context =>
                {
                    if (PortalUser.From(context.Principal!) is not { } user || time.GetUtcNow() - user.SignedInAt >= PortalSession.AbsoluteLifetime)
                    {
                        context.RejectPrincipal();
                        return Task.CompletedTask;
                    }

                    // Renewed on every request, so the 30 minutes count from the last one.
                    context.ShouldRenew = true;
                    return Task.CompletedTask;
                };
            });

        services.AddOptions<OpenIdConnectOptions>(PortalIdentity.ProviderScheme)
            .Configure<IOptions<SignInOptions>, IOptions<OutcomesOptions>>((oidc, signIn, outcomes) =>
            {
                var settings = signIn.Value;

                // The exchange with the provider runs on the real clock (the provider's tokens are stamped by it); sessions run on the practice's.
                oidc.TimeProvider = TimeProvider.System;
                oidc.Authority = settings.Authority;
                oidc.ClientId = settings.ClientId;
                oidc.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.UsePkce = true;
                oidc.CallbackPath = CallbackPath;
                oidc.SignInScheme = PortalIdentity.SessionScheme;
                oidc.SaveTokens = false;
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.Scope.Clear();
                foreach (var scope in Scopes)
                {
                    oidc.Scope.Add(scope);
                }

                // With the code in the query, Lax is enough for the correlation and nonce cookies (None would need HTTPS locally).
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = SecurePolicy(outcomes.Value);
                oidc.NonceCookie.SecurePolicy = SecurePolicy(outcomes.Value);
                if (settings.ClientAuthentication == "Secret")
                {
                    oidc.ClientSecret = settings.ClientSecret;
                }

                oidc.Events.OnRedirectToIdentityProvider = context =>
                {
                    // Behind the Functions host the worker sees its own address; the provider must send people back to the public one.
                    if (outcomes.Value.PublicBaseUrl is { Length: > 0 } publicBase)
                    {
                        context.ProtocolMessage.RedirectUri = publicBase.TrimEnd('/') + CallbackPath;
                    }

                    return Task.CompletedTask;
                };
                oidc.Events.OnAuthorizationCodeReceived = async context =>
                {
                    if (settings.ClientAuthentication == "ManagedIdentity")
                    {
                        // The app registration trusts the managed identity's token as its credential (a federated credential).
                        var token = await new DefaultAzureCredential().GetTokenAsync(new TokenRequestContext(["api://AzureADTokenExchange/.default"]), context.HttpContext.RequestAborted);
                        context.TokenEndpointRequest!.ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
                        context.TokenEndpointRequest.ClientAssertion = token.Token;
                    }
                };
                oidc.Events.OnTokenValidated = async context =>
                {
                    var requestServices = context.HttpContext.RequestServices;
                    context.Principal = await PortalIdentity.ShapeAsync(
                        context.Principal!,
                        requestServices.GetRequiredService<ITherapists>(),
                        settings.AdminRole,
                        requestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
                        context.HttpContext.RequestAborted);
                };
                oidc.Events.OnRemoteFailure = async context =>
                {
                    // A stale or replayed callback (a back button, a second tab): a page that says so, not an exception.
                    // Logged for whoever runs the practice (IdentityModel keeps personal data out of its messages).
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalSignIn))
                        .LogWarning(context.Failure, "A portal sign-in did not complete");
                    context.HandleResponse();
                    await context.HttpContext.RequestServices.GetRequiredService<PortalPages>().SignInFailedAsync(context.HttpContext);
                };
            });

        return services;
    }

    /// <summary>Secure cookies wherever the public address is HTTPS (Azure); on a laptop's http://localhost, as the request came.</summary>
    private static CookieSecurePolicy SecurePolicy(OutcomesOptions outcomes) =>
        outcomes.PublicBaseUrl is { } url && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? CookieSecurePolicy.Always
            : CookieSecurePolicy.SameAsRequest;
}
