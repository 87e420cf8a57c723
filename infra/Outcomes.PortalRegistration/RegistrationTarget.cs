using System.Security.Cryptography;
using System.Text;

namespace Outcomes.PortalRegistration;

/// <summary>
/// What the registration is for: the azd environment's values, which azd hands its hooks as
/// environment variables (the deployment's outputs among them).
/// </summary>
internal sealed record RegistrationTarget(
    string EnvironmentName,
    string TenantId,
    string SubscriptionId,
    string PublicUrl,
    string IdentityPrincipalId,
    string ResourceGroup,
    string FunctionAppName,
    string Authority)
{
    /// <summary>The variables the postprovision hook needs; the predown hook needs the first three.</summary>
    public static readonly string[] Variables =
        ["AZURE_ENV_NAME", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID", "OUTCOMES_URL", "OUTCOMES_IDENTITY_PRINCIPAL_ID", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "OUTCOMES_SIGNIN_AUTHORITY"];

    /// <summary>The target from the environment, or the names of the variables it lacks.</summary>
    public static (RegistrationTarget? Target, IReadOnlyList<string> Missing) Read(Func<string, string?> variable, bool forRemoval = false)
    {
        var needed = forRemoval ? Variables[..3] : Variables;
        var missing = needed.Where(v => string.IsNullOrWhiteSpace(variable(v))).ToList();
        if (missing.Count > 0)
        {
            return (null, missing);
        }

        string Value(string name) => variable(name)?.Trim() ?? "";
        return (new RegistrationTarget(
            Value("AZURE_ENV_NAME"), Value("AZURE_TENANT_ID"), Value("AZURE_SUBSCRIPTION_ID"), Value("OUTCOMES_URL").TrimEnd('/'),
            Value("OUTCOMES_IDENTITY_PRINCIPAL_ID"), Value("AZURE_RESOURCE_GROUP"), Value("AZURE_FUNCTION_APP_NAME"), Value("OUTCOMES_SIGNIN_AUTHORITY")), []);
    }

    /// <summary>The portal's address the provider sends people back to (the app's <c>PortalSignIn.CallbackPath</c>).</summary>
    public string RedirectUri => $"{PublicUrl}/signin-oidc";

    public string DisplayName => $"Outcomes portal ({EnvironmentName})";

    /// <summary>
    /// The registration's alternate key in the tenant: one per subscription and environment, so a
    /// run finds its own registration (or knows it is gone) without remembering anything.
    /// </summary>
    public string UniqueName =>
        $"outcomes-portal-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{SubscriptionId.ToLowerInvariant()}/{EnvironmentName}")))[..20]}";
}
