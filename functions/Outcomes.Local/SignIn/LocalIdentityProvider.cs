using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Outcomes.Api;
using Outcomes.Api.Portal;
using Outcomes.Hosting.SignIn;
using Outcomes.Practice;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Outcomes.Local.SignIn;

/// <summary>
/// A real OpenID Connect provider inside the local host (OpenIddict), so the portal signs in on a
/// laptop exactly as it does against Entra ID: discovery, authorization code with PKCE, a signed
/// ID token. Its people are the clinic's enrolled therapists (by email) and one admin, all with
/// the run's one password; its keys live for the run. For the demo and tests, never for production.
/// </summary>
public sealed class LocalIdentityProvider(string password)
{
    public const string ClientId = "outcomes-portal";
    public const string AdminEmail = "admin@outcomes.localhost";
    public const string AuthorizePath = "/connect/authorize";
    public const string PasswordSetting = "Outcomes:LocalSignIn:Password";

    public string Password { get; } = password;

    /// <summary>The provider's services, and the portal pointed at it (unless another provider is configured, when this is not called).</summary>
    public static LocalIdentityProvider Add(WebApplicationBuilder builder)
    {
        var provider = new LocalIdentityProvider(builder.Configuration[PasswordSetting] is { Length: > 0 } configured
            ? configured
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        builder.Services.AddSingleton(provider);
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/')).SetTokenEndpointUris("connect/token");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            server.DisableAccessTokenEncryption();

            // No application or token database: the one client is checked here, and codes are self-contained.
            server.EnableDegradedMode();
            server.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "This provider signs in to the Outcomes portal only.");
                }
                else if (!Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var redirect) || redirect.AbsolutePath != PortalSignIn.CallbackPath || !redirect.IsLoopback)
                {
                    context.Reject(Errors.InvalidRequest, "The redirect address must be the local portal's sign-in callback.");
                }

                return default;
            }));
            server.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "This provider signs in to the Outcomes portal only.");
                }

                return default;
            }));
            server.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
        });

        // The portal's relying party, pointed at this provider once the host knows its address.
        builder.Services.AddOptions<SignInOptions>().PostConfigure<Microsoft.AspNetCore.Hosting.Server.IServer>((options, server) =>
        {
            options.Authority = LocalHost.ListeningAddress(server);
            options.ClientId = ClientId;
            options.ClientAuthentication = "None";
            options.RequireHttpsMetadata = false;
        });
        builder.Services.AddOptions<OpenIddictServerOptions>().PostConfigure<Microsoft.AspNetCore.Hosting.Server.IServer>((options, server) =>
        {
            options.Issuer = new Uri(LocalHost.ListeningAddress(server) + "/");

            // Tokens are checked against the real clock by the relying party, whatever clock the practice runs on (tests move theirs).
            options.TimeProvider = TimeProvider.System;
        });
        return provider;
    }

    /// <summary>The sign-in page (GET) and its post: the authorization endpoint, passed through to here.</summary>
    public void Map(WebApplication app) =>
        app.MapMethods(AuthorizePath, ["GET", "POST"], (HttpContext context, ITherapists therapists, HtmlPage page, PracticeSettings settings, CancellationToken ct) => AuthorizeAsync(context, therapists, page, settings, ct))
            .WithName("LocalSignIn")
            .WithMetadata(new LocalOnly())
            .ExcludeFromDescription();

    private async Task<IResult> AuthorizeAsync(HttpContext context, ITherapists therapists, HtmlPage page, PracticeSettings settings, CancellationToken cancellationToken)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect authorization request.");
        var parameters = request.GetParameters()
            .Where(p => p.Key is not ("email" or "password"))
            .Select(p => (p.Key, Value: (string?)p.Value ?? ""))
            .ToList();
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return await SignInPageAsync(context.Request, page, settings, parameters, email: "", problem: null);
        }

        var email = ((string?)request["email"])?.Trim() ?? "";
        var given = (string?)request["password"] ?? "";
        var person = await FindAsync(email, therapists, cancellationToken);
        if (person is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(Password)))
        {
            return await SignInPageAsync(context.Request, page, settings, parameters, email, "That email address and password do not match a demo user.");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.Value.Email.ToLowerInvariant())
            .SetClaim(Claims.Email, person.Value.Email)
            .SetClaim(Claims.EmailVerified, true)
            .SetClaim(Claims.Name, person.Value.Name);
        if (person.Value.Admin)
        {
            identity.AddClaim(new Claim(Claims.Role, PortalIdentity.DefaultAdminRole));
        }

        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<(string Email, string Name, bool Admin)?> FindAsync(string email, ITherapists therapists, CancellationToken cancellationToken)
    {
        if (string.Equals(email, AdminEmail, StringComparison.OrdinalIgnoreCase))
        {
            return (AdminEmail, "Demo Admin", true);
        }

        var therapist = (await therapists.ListTherapistsAsync(cancellationToken)).FirstOrDefault(t => string.Equals(t.Email, email, StringComparison.OrdinalIgnoreCase));
        return therapist is null ? null : (therapist.Email, therapist.Name, false);
    }

    private static Task<IResult> SignInPageAsync(HttpRequest request, HtmlPage page, PracticeSettings settings, List<(string Key, string Value)> parameters, string email, string? problem) =>
        page.SendAsync<LocalSignInPage>(request, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, new()
        {
            ["ClinicName"] = settings.ClinicName,
            ["Parameters"] = parameters,
            ["Email"] = email,
            ["Problem"] = problem,
        });
}

/// <summary>Marks an endpoint the local host serves and the Functions app does not (the local sign-in provider).</summary>
public sealed record LocalOnly;
