using System.Diagnostics;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Outcomes.Infra.Tests;

/// <summary>
/// The portal's sign-in in Azure: Entra ID in the clinic's tenant, the app registration made by
/// azd's postprovision hook, the app proving itself with its managed identity (no secret).
/// </summary>
public class PortalSignInTests
{
    private static JsonObject AppSettings => Assert.Single(Bicep.OfType("Microsoft.Web/sites/config"))["properties"]!.AsObject();

    private static string Hook => File.ReadAllText(Path.Combine(Bicep.Repository, "infra", "hooks", "portal-sign-in.sh"));

    [Fact]
    public void AppSettings_SignInWithEntraAndTheManagedIdentity_NoSecret()
    {
        Assert.Equal("ManagedIdentity", (string?)AppSettings["Outcomes__SignIn__ClientAuthentication"]);
        Assert.Contains("parameters('signInClientId')", (string)AppSettings["Outcomes__SignIn__ClientId"]!, StringComparison.Ordinal);
        Assert.Contains("parameters('signInAuthority')", (string)AppSettings["Outcomes__SignIn__Authority"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(AppSettings, s => s.Key.Contains("Secret", StringComparison.OrdinalIgnoreCase));

        // The client id the hook made is kept by every later provision.
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Repository, "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        Assert.Equal("${OUTCOMES_SIGNIN_CLIENT_ID=}", (string)parameters["signInClientId"]!["value"]!);
    }

    [Fact]
    public void AzdRunsTheRegistrationHookAfterProvisioning()
    {
        var yaml = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(Path.Combine(Bicep.Repository, "azure.yaml")));
        var hook = (Dictionary<object, object>)((Dictionary<object, object>)yaml["hooks"])["postprovision"];
        Assert.Equal("infra/hooks/portal-sign-in.sh", hook["run"]);

        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", Path.Combine(Bicep.Repository, "infra", "hooks", "portal-sign-in.sh")]) { RedirectStandardError = true })!;
        var error = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, error);
    }

    [Fact]
    public void Hook_RegistersWhatTheAppExpects()
    {
        // The redirect address the app sends people back to, and the role it makes admins of.
        Assert.Contains($"/{Outcomes.Hosting.SignIn.PortalSignIn.CallbackPath.TrimStart('/')}\"", Hook, StringComparison.Ordinal);
        Assert.Contains($"\"value\":\"{Outcomes.Api.Portal.PortalIdentity.DefaultAdminRole}\"", Hook, StringComparison.Ordinal);
        Assert.Contains("--sign-in-audience AzureADMyOrg", Hook, StringComparison.Ordinal);
        Assert.Contains("api://AzureADTokenExchange", Hook, StringComparison.Ordinal);
        Assert.DoesNotContain("credential reset", Hook, StringComparison.Ordinal); // never a client secret

        // Every output of the deployment the hook reads exists.
        var outputs = Bicep.Template["outputs"]!.AsObject().Select(o => o.Key).ToHashSet();
        foreach (var name in new[] { "OUTCOMES_URL", "OUTCOMES_IDENTITY_PRINCIPAL_ID", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "OUTCOMES_SIGNIN_AUTHORITY", "AZURE_TENANT_ID" })
        {
            Assert.Contains($"${{{name}", Hook, StringComparison.Ordinal);
            Assert.Contains(name, outputs);
        }
    }
}
