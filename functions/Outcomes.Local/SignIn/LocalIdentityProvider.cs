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
/// ID token. Its people are the clinic's enrolled therapists (by email), with the run's therapist
/// password, and one admin, with a password of its own; its keys live for the run. Strict as a
/// real provider is: it sends codes to the portal's own callback only, a code is redeemed once,
/// and five wrong passwords for one person lock that person out for a while, however right the
/// next one. For the demo and tests, never for production.
/// </summary>
public sealed class LocalIdentityProvider(string password, string adminPassword)
{
    public const string ClientId = "outcomes-portal";
    public const string AdminEmail = "admin@outcomes.localhost";
    public const string AuthorizePath = "/connect/authorize";
    public const string PasswordSetting = "Outcomes:LocalSignIn:Password";
    public const string AdminPasswordSetting = "Outcomes:LocalSignIn:AdminPassword";

    /// <summary>Wrong passwords in a row after which a person is locked out (a minute, doubling with each lock).</summary>
    public const int AttemptsBeforeLockout = 5;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Failures, DateTimeOffset LockedUntil, int Locks)> _attempts = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _redeemed = new(StringComparer.Ordinal);

    /// <summary>The therapists' password.</summary>
    public string Password { get; } = password;

    /// <summary>The admin's password, not the therapists'.</summary>
    public string AdminPassword { get; } = adminPassword;

    /// <summary>The one address codes are sent to: the portal's own callback (set when the host knows its address).</summary>
    public string? Callback { get; private set; }

    /// <summary>The password of the person signing in as <paramref name="email"/>.</summary>
    public string PasswordFor(string email) => string.Equals(email, AdminEmail, StringComparison.OrdinalIgnoreCase) ? AdminPassword : Password;

    /// <summary>The provider's services, and the portal pointed at it (unless another provider is configured, when this is not called).</summary>
    public static LocalIdentityProvider Add(WebApplicationBuilder builder)
    {
        string Configured(string setting) => builder.Configuration[setting] is { Length: > 0 } configured ? configured : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var provider = new LocalIdentityProvider(Configured(PasswordSetting), Configured(AdminPasswordSetting));
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
                else if (provider.Callback is null || !string.Equals(context.RedirectUri, provider.Callback, StringComparison.Ordinal))
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
                else if (context.Request.Code is { } code && !provider.Redeem(code))
                {
                    // Codes are self-contained (no token database): the provider remembers which it has redeemed.
                    context.Reject(Errors.InvalidGrant, "This authorization code was already used.");
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
        builder.Services.AddOptions<OpenIddictServerOptions>().PostConfigure<Microsoft.AspNetCore.Hosting.Server.IServer, Microsoft.Extensions.Options.IOptions<Outcomes.Hosting.Settings.OutcomesOptions>>((options, server, outcomes) =>
        {
            options.Issuer = new Uri(LocalHost.ListeningAddress(server) + "/");

            // The portal asks for its public address's callback when it has one (PortalSignIn), else the host's own.
            provider.Callback = (outcomes.Value.PublicBaseUrl is { Length: > 0 } publicBase ? publicBase.TrimEnd('/') : LocalHost.ListeningAddress(server)) + PortalSignIn.CallbackPath;

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
        var now = TimeProvider.System.GetUtcNow();
        if (_attempts.TryGetValue(email, out var tried) && tried.LockedUntil > now)
        {
            return await SignInPageAsync(context.Request, page, settings, parameters, email, $"Too many wrong passwords for this email address: try again after {tried.LockedUntil:HH:mm:ss} UTC.");
        }

        var person = await FindAsync(email, therapists, cancellationToken);
        if (person is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(PasswordFor(email))))
        {
            _attempts.AddOrUpdate(
                email,
                _ => (1, DateTimeOffset.MinValue, 0),
                (_, t) => t.Failures + 1 >= AttemptsBeforeLockout ? (0, now + (TimeSpan.FromMinutes(1) * Math.Pow(2, Math.Min(t.Locks, 6))), t.Locks + 1) : (t.Failures + 1, t.LockedUntil, t.Locks));
            return await SignInPageAsync(context.Request, page, settings, parameters, email, "That email address and password do not match a demo user.");
        }

        _attempts.TryRemove(email, out _);

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

    /// <summary>True the first time a code is redeemed; false ever after (codes live minutes, so old ones are forgotten after an hour).</summary>
    private bool Redeem(string code)
    {
        var now = TimeProvider.System.GetUtcNow();
        foreach (var old in _redeemed.Where(r => r.Value < now.AddHours(-1)).ToList())
        {
            _redeemed.TryRemove(old.Key, out _);
        }

        return _redeemed.TryAdd(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code))), now);
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
