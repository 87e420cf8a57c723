namespace Outcomes.Hosting.SignIn;

/// <summary>
/// How people sign in to the portal (configuration section <c>Outcomes:SignIn</c>): any OpenID
/// Connect provider by its authority and the app's client id. In Azure the provider is the
/// clinic's Microsoft Entra tenant and the app proves itself with its managed identity (a
/// federated credential), so no client secret sits in the app settings.
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "Outcomes:SignIn";

    /// <summary>The provider's issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0; its discovery document is at {Authority}/.well-known/openid-configuration.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>
    /// How the app authenticates to the provider's token endpoint: <c>None</c> (a public client:
    /// PKCE alone), <c>ManagedIdentity</c> (a client assertion from the app's managed identity,
    /// which the app registration trusts through a federated credential), or <c>Secret</c> (a
    /// client secret, which must come from a Key Vault reference, never plain text).
    /// </summary>
    public string ClientAuthentication { get; set; } = "None";

    /// <summary>The secret, for <c>Secret</c>: an app setting that is a Key Vault reference.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The role claim value (an Entra app role) that makes someone an admin.</summary>
    public string AdminRole { get; set; } = Api.Portal.PortalIdentity.DefaultAdminRole;

    /// <summary>Whether the provider's metadata must come over HTTPS (off only for the local host's own provider).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Configured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
