using System.Diagnostics;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Outcomes.Infra.Tests;

/// <summary>
/// The portal's sign-in in Azure: Entra ID in the clinic's tenant, the app registration made by
/// a program azd runs after provisioning, the app proving itself with its managed identity (no secret).
/// </summary>
public class PortalSignInTests
{
    private static JsonObject AppSettings => Assert.Single(Bicep.OfType("Microsoft.Web/sites/config"))["properties"]!.AsObject();

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

    [Theory]
    [InlineData("postprovision", "register")]
    [InlineData("predown", "remove")]
    public void AzdRunsTheRegistrationProgram_OnEverySystem(string hook, string command)
    {
        var yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(Path.Combine(Bicep.Repository, "azure.yaml")));
        var entry = (Dictionary<object, object>)((Dictionary<object, object>)yaml["hooks"])[hook];
        foreach (var (system, shell) in new[] { ("posix", "sh"), ("windows", "pwsh") })
        {
            var config = (Dictionary<object, object>)entry[system];
            Assert.Equal(shell, config["shell"]);
            Assert.Equal($"dotnet run --project infra/Outcomes.PortalRegistration -- {command}", config["run"]);
            Assert.Equal(true, config["continueOnError"]); // the risk-alert pipeline ships even if sign-in cannot be set up
        }

        // The program's project is where the hook says.
        Assert.True(File.Exists(Path.Combine(Bicep.Repository, "infra", "Outcomes.PortalRegistration", "Outcomes.PortalRegistration.csproj")));
    }

    [Fact]
    public void Registration_UsesWhatTheAppExpects()
    {
        // The redirect address the app sends people back to, and the role it makes admins of.
        var target = new Outcomes.PortalRegistration.RegistrationTarget("e", "t", "s", "https://x.example", "i", "rg", "f", "a");
        Assert.Equal($"https://x.example/{Outcomes.Hosting.SignIn.PortalSignIn.CallbackPath.TrimStart('/')}", target.RedirectUri);
        Assert.Equal(Outcomes.Api.Portal.PortalIdentity.DefaultAdminRole, Outcomes.PortalRegistration.AppRegistration.AdminRoleValue);

        // Every output of the deployment the program reads exists.
        var outputs = Bicep.Template["outputs"]!.AsObject().Select(o => o.Key).ToHashSet();
        foreach (var name in Outcomes.PortalRegistration.RegistrationTarget.Variables.Where(v => v is not ("AZURE_ENV_NAME" or "AZURE_SUBSCRIPTION_ID")))
        {
            Assert.Contains(name, outputs);
        }
    }

    [Fact]
    public void Scripts_KeepLfLineEndingsOnEveryClone()
    {
        var attributes = File.ReadAllLines(Path.Combine(Bicep.Repository, ".gitattributes"));
        Assert.Contains("*.sh text eol=lf", attributes);
        Assert.Contains(".ci/run text eol=lf", attributes);
    }
}
