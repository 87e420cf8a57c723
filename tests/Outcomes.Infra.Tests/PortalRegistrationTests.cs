using System.Text.Json.Nodes;
using Azure.Core;
using Outcomes.PortalRegistration;

namespace Outcomes.Infra.Tests;

/// <summary>
/// The program azd runs after provisioning and before `azd down`, against a stand-in Graph and
/// Resource Manager on real HTTP: the first run, a second run, a re-created identity, a
/// registration deleted by hand, a tenant that refuses, and Entra's replication delay.
/// </summary>
public sealed class PortalRegistrationTests : IAsyncLifetime
{
    private StandInGraph _graph = null!;
    private readonly Azd _azd = new();
    private readonly StringWriter _output = new();
    private readonly HttpClient _http = new();

    private static RegistrationTarget Target(string identity = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0") => new(
        "clinic", "72f988bf-86f1-41af-91ab-2d7cd011db47", "8d2b7a3c-1111-4222-8333-944455556666", "https://func-abc.azurewebsites.net",
        identity, "rg-clinic", "func-abc", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");

    public async Task InitializeAsync() => _graph = await StandInGraph.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _graph.DisposeAsync();
    }

    private Task<int> RegisterAsync(RegistrationTarget? target = null) =>
        Registrations.Create(new StaticToken(), _graph.Graph, _graph.Management, _http, _azd, _output, TimeSpan.Zero).RegisterAsync(target ?? Target(), CancellationToken.None);

    [Fact]
    public async Task FirstRun_RegistersThePortalAndTurnsSignInOn()
    {
        Assert.Equal(0, await RegisterAsync());

        var app = Assert.Single(_graph.Applications.Values);
        Assert.Equal("Outcomes portal (clinic)", (string?)app["displayName"]);
        Assert.Equal("AzureADMyOrg", (string?)app["signInAudience"]);
        Assert.Equal(Target().UniqueName, (string?)app["uniqueName"]);
        Assert.Equal(["https://func-abc.azurewebsites.net/signin-oidc"], app["web"]!["redirectUris"]!.AsArray().Select(u => (string)u!));
        var role = Assert.Single(app["appRoles"]!.AsArray())!;
        Assert.Equal((Outcomes.Api.Portal.PortalIdentity.DefaultAdminRole, true), ((string?)role["value"], (bool?)role["isEnabled"]));
        var graph = Assert.Single(app["requiredResourceAccess"]!.AsArray())!;
        Assert.Equal(AppRegistration.GraphAppId, (string?)graph["resourceAppId"]);
        Assert.Equal(AppRegistration.SignInScopes.Values.Select(v => v.ToString()).Order(), graph["resourceAccess"]!.AsArray().Select(a => (string)a!["id"]!).Order());

        // Its enterprise application, the managed identity as its only credential, and the tenant's consent.
        var appId = (string)app["appId"]!;
        Assert.Single(_graph.ServicePrincipals.Values, s => (string?)s["appId"] == appId);
        var credential = Assert.Single(_graph.FederatedCredentials[(string)app["id"]!]);
        Assert.Equal(Target().IdentityPrincipalId, (string?)credential["subject"]);
        Assert.Equal(Target().Authority, (string?)credential["issuer"]);
        Assert.Equal(["api://AzureADTokenExchange"], credential["audiences"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("openid profile email", (string?)Assert.Single(_graph.Grants)["scope"]);
        Assert.DoesNotContain("passwordCredentials", app.ToJsonString(), StringComparison.Ordinal);

        // The client id in the azd environment (Bicep passes it on every later provision) and in the running app now.
        Assert.Equal(appId, _azd.Values[AppRegistration.ClientIdVariable]);
        Assert.Equal(appId, (string?)_graph.AppSettings["Outcomes__SignIn__ClientId"]);
        Assert.Equal(Target().Authority, (string?)_graph.AppSettings["Outcomes__SignIn__Authority"]);
        Assert.Equal("stx", (string?)_graph.AppSettings["AzureWebJobsStorage__accountName"]); // the app's other settings kept
        Assert.Contains($"Entra ID application {appId}", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondRun_ChangesNothing()
    {
        await RegisterAsync();
        var before = _graph.Applications.Values.Single().ToJsonString();
        _graph.Requests.Clear();
        _azd.Writes.Clear();

        Assert.Equal(0, await RegisterAsync());

        Assert.Empty(_graph.Writes());
        Assert.Empty(_azd.Writes);
        Assert.Equal(before, _graph.Applications.Values.Single().ToJsonString());
    }

    [Fact]
    public async Task IdentityRecreated_TheCredentialTrustsTheNewOne()
    {
        await RegisterAsync();
        var app = _graph.Applications.Values.Single();

        Assert.Equal(0, await RegisterAsync(Target(identity: "11111111-2222-4333-8444-555555555555")));

        Assert.Same(app, _graph.Applications.Values.Single());
        var credential = Assert.Single(_graph.FederatedCredentials[(string)app["id"]!]);
        Assert.Equal("11111111-2222-4333-8444-555555555555", (string?)credential["subject"]);
        Assert.Equal(AppRegistration.CredentialName, (string?)credential["name"]);
    }

    [Fact]
    public async Task RegistrationDeletedByHand_IsMadeAgainAndTheAppFollows()
    {
        await RegisterAsync();
        var old = (string)_graph.Applications.Values.Single()["appId"]!;
        _graph.Applications.Clear();

        Assert.Equal(0, await RegisterAsync());

        var again = (string)_graph.Applications.Values.Single()["appId"]!;
        Assert.NotEqual(old, again);
        Assert.Equal(again, _azd.Values[AppRegistration.ClientIdVariable]);
        Assert.Equal(again, (string?)_graph.AppSettings["Outcomes__SignIn__ClientId"]);
    }

    [Fact]
    public async Task TenantRefusesRegistration_ExitsZeroAndSaysWhoCanFinishIt()
    {
        _graph.RefuseApplicationCreation = true;

        Assert.Equal(0, await RegisterAsync());

        var said = _output.ToString();
        Assert.Contains("Portal sign-in is not set up yet", said, StringComparison.Ordinal);
        Assert.Contains("Authorization_RequestDenied", said, StringComparison.Ordinal);
        Assert.Contains("Application Administrator", said, StringComparison.Ordinal);
        Assert.Contains("azd hooks run postprovision", said, StringComparison.Ordinal);
        Assert.Empty(_graph.Applications);
        Assert.Empty(_azd.Writes);
        Assert.Null(_graph.AppSettings["Outcomes__SignIn__ClientId"]); // the portal says sign-in is not set up
    }

    [Fact]
    public async Task ReplicationDelay_IsWaitedOut()
    {
        _graph.ReplicationRefusals = 3;

        Assert.Equal(0, await RegisterAsync());

        Assert.Single(_graph.ServicePrincipals);
        Assert.Equal(4, _graph.Requests.Count(r => r == "POST /v1.0/servicePrincipals"));
    }

    [Fact]
    public async Task ConsentRefused_SignInStillSetUp_WithANote()
    {
        _graph.RefuseConsent = true;

        Assert.Equal(0, await RegisterAsync());

        Assert.NotNull(_graph.AppSettings["Outcomes__SignIn__ClientId"]);
        Assert.Contains("each person is asked once at their first sign-in", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Down_RemovesTheRegistration()
    {
        await RegisterAsync();

        var removal = Registrations.Create(new StaticToken(), _graph.Graph, _graph.Management, _http, _azd, _output, TimeSpan.Zero);
        Assert.Equal(0, await removal.RemoveAsync(Target(), CancellationToken.None));

        Assert.Empty(_graph.Applications);
        Assert.Empty(_graph.ServicePrincipals);
        Assert.Equal("", _azd.Values[AppRegistration.ClientIdVariable]);
        Assert.Equal(0, await removal.RemoveAsync(Target(), CancellationToken.None)); // nothing left: still fine
    }

    [Fact]
    public void Target_NamesWhatAzdDidNotProvide()
    {
        var (target, missing) = RegistrationTarget.Read(name => name == "AZURE_ENV_NAME" ? "clinic" : null);
        Assert.Null(target);
        Assert.Contains("OUTCOMES_IDENTITY_PRINCIPAL_ID", missing);
        Assert.DoesNotContain("AZURE_ENV_NAME", missing);
    }

    private sealed class Azd : IAzdEnvironment
    {
        public Dictionary<string, string> Values { get; } = [];
        public List<string> Writes { get; } = [];

        public string? Get(string name) => Values.GetValueOrDefault(name);

        public Task SetAsync(string name, string value, CancellationToken cancellationToken)
        {
            Values[name] = value;
            Writes.Add(name);
            return Task.CompletedTask;
        }
    }

    private sealed class StaticToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(StandInGraph.Token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
