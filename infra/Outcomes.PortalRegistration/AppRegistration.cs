using System.Net;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Polly;

namespace Outcomes.PortalRegistration;

/// <summary>
/// The portal's app registration in the clinic's Entra tenant, made or brought up to date on every
/// `azd provision` and removed by `azd down`: a single-tenant web app with the portal's redirect
/// address (code flow with PKCE), the <c>Outcomes.Admin</c> app role, Microsoft Graph's
/// <c>openid profile email</c> (consented for the tenant where the person may), its service
/// principal, and a federated credential trusting the app's managed identity — the app proves
/// itself with the identity's token, so no client secret exists. A run that finds everything as
/// it should be writes nothing.
/// </summary>
internal sealed class AppRegistration(GraphServiceClient graph, IAzdEnvironment azd, FunctionAppSettings appSettings, ResiliencePipeline replication, TextWriter output)
{
    public const string ClientIdVariable = "OUTCOMES_SIGNIN_CLIENT_ID";
    public const string AdminRoleValue = "Outcomes.Admin";

    /// <summary>Fixed, so that every run describes the same role.</summary>
    public static readonly Guid AdminRoleId = Guid.Parse("6f4e1d2a-8b3c-4f7e-9a51-0c2d3e4f5a6b");

    public const string CredentialName = "outcomes-managed-identity";
    public const string TokenExchangeAudience = "api://AzureADTokenExchange";

    /// <summary>Microsoft Graph's application id and the delegated permissions sign-in asks for (openid, profile, email).</summary>
    public const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    public static readonly IReadOnlyDictionary<string, Guid> SignInScopes = new Dictionary<string, Guid>
    {
        ["openid"] = Guid.Parse("37f7f235-527c-4136-accd-4a02d197296e"),
        ["profile"] = Guid.Parse("14dad69e-099b-42c9-810b-d002981feec1"),
        ["email"] = Guid.Parse("64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0"),
    };

    /// <summary>Registers or updates; 0 also when the person may not register applications (the deployment goes on, and says how to finish later).</summary>
    public async Task<int> RegisterAsync(RegistrationTarget target, CancellationToken cancellationToken)
    {
        Application app;
        string? consentNote;
        try
        {
            app = await EnsureApplicationAsync(target, cancellationToken);
            var principal = await EnsureServicePrincipalAsync(app.AppId!, cancellationToken);
            await EnsureFederatedCredentialAsync(app.Id!, target, cancellationToken);
            consentNote = await EnsureConsentAsync(principal, cancellationToken);
        }
        catch (ODataError error) when (error.ResponseStatusCode == (int)HttpStatusCode.Forbidden)
        {
            await output.WriteLineAsync(NotAllowed(target, error));
            return 0;
        }

        if (azd.Get(ClientIdVariable) != app.AppId)
        {
            await azd.SetAsync(ClientIdVariable, app.AppId!, cancellationToken);
        }

        var settingsChanged = await appSettings.EnsureAsync(
            target,
            new Dictionary<string, string>
            {
                ["Outcomes__SignIn__Authority"] = target.Authority,
                ["Outcomes__SignIn__ClientId"] = app.AppId!,
                ["Outcomes__SignIn__ClientAuthentication"] = "ManagedIdentity",
            },
            cancellationToken);
        if (settingsChanged)
        {
            await output.WriteLineAsync("The app's sign-in settings now name the registration.");
        }

        await output.WriteLineAsync($"Portal sign-in: {target.PublicUrl}/portal (Entra ID application {app.AppId}).");
        await output.WriteLineAsync($"Give admins the 'Outcomes admin' role: Entra admin center > Enterprise applications > {target.DisplayName} > Users and groups. Therapists sign in with the email address they are enrolled with.");
        if (consentNote is not null)
        {
            await output.WriteLineAsync(consentNote);
        }

        return 0;
    }

    /// <summary>Deletes the registration (Entra keeps it among deleted applications for 30 days); 0 when there is none.</summary>
    public async Task<int> RemoveAsync(RegistrationTarget target, CancellationToken cancellationToken)
    {
        try
        {
            var app = await FindAsync(target, cancellationToken);
            if (app is null)
            {
                await output.WriteLineAsync("The portal has no app registration to remove.");
                return 0;
            }

            await graph.Applications[app.Id].DeleteAsync(cancellationToken: cancellationToken);
            await output.WriteLineAsync($"Removed the portal's app registration {app.AppId} ({target.DisplayName}); Entra ID keeps it among deleted applications for 30 days.");
        }
        catch (ODataError error) when (error.ResponseStatusCode == (int)HttpStatusCode.Forbidden)
        {
            await output.WriteLineAsync(
                $"The portal's app registration '{target.DisplayName}' was not removed: Microsoft Entra ID refused ({Code(error)}). " +
                "Someone allowed to manage applications in the tenant can delete it in the Entra admin center (App registrations).");
            return 0;
        }

        if (!string.IsNullOrEmpty(azd.Get(ClientIdVariable)))
        {
            await azd.SetAsync(ClientIdVariable, "", cancellationToken);
        }

        return 0;
    }

    private async Task<Application?> FindAsync(RegistrationTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await graph.ApplicationsWithUniqueName(target.UniqueName).GetAsync(cancellationToken: cancellationToken);
        }
        catch (ODataError error) when (error.ResponseStatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<Application> EnsureApplicationAsync(RegistrationTarget target, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(target, cancellationToken);
        if (existing is null)
        {
            var wanted = Wanted(target, []);
            wanted.UniqueName = target.UniqueName;
            var created = await graph.Applications.PostAsync(wanted, cancellationToken: cancellationToken)
                ?? throw new InvalidOperationException("Microsoft Graph returned no application.");
            await output.WriteLineAsync($"Registered the portal in Entra ID (tenant {target.TenantId}): application {created.AppId}.");
            return created;
        }

        if (!IsAsWanted(existing, target))
        {
            await graph.Applications[existing.Id].PatchAsync(Wanted(target, existing.AppRoles ?? []), cancellationToken: cancellationToken);
            await output.WriteLineAsync($"Updated the portal's registration {existing.AppId}.");
        }

        return existing;
    }

    /// <summary>The registration as it should be; app roles another admin added are kept.</summary>
    private static Application Wanted(RegistrationTarget target, IEnumerable<AppRole> roles) => new()
    {
        DisplayName = target.DisplayName,
        SignInAudience = "AzureADMyOrg",
        Web = new WebApplication { RedirectUris = [target.RedirectUri] },
        AppRoles = [.. roles.Where(r => r.Id != AdminRoleId), AdminRole()],
        RequiredResourceAccess =
        [
            new RequiredResourceAccess
            {
                ResourceAppId = GraphAppId,
                ResourceAccess = [.. SignInScopes.Values.Select(id => new ResourceAccess { Id = id, Type = "Scope" })],
            },
        ],
    };

    private static AppRole AdminRole() => new()
    {
        Id = AdminRoleId,
        Value = AdminRoleValue,
        DisplayName = "Outcomes admin",
        Description = "Runs the practice in the Outcomes portal: therapists, clients, health and the audit log.",
        AllowedMemberTypes = ["User"],
        IsEnabled = true,
    };

    private static bool IsAsWanted(Application app, RegistrationTarget target) =>
        app.DisplayName == target.DisplayName
        && app.SignInAudience == "AzureADMyOrg"
        && app.Web?.RedirectUris is [var redirect] && redirect == target.RedirectUri
        && app.AppRoles?.SingleOrDefault(r => r.Id == AdminRoleId) is { Value: AdminRoleValue, IsEnabled: true, AllowedMemberTypes: ["User"] }
        && app.RequiredResourceAccess?.SingleOrDefault(r => r.ResourceAppId == GraphAppId) is { ResourceAccess: { } access }
        && SignInScopes.Values.All(id => access.Any(a => a.Id == id && a.Type == "Scope"));

    /// <summary>The app's service principal, so that people can be given its role; retried while Entra replicates a new application.</summary>
    private async Task<ServicePrincipal> EnsureServicePrincipalAsync(string appId, CancellationToken cancellationToken)
    {
        try
        {
            return (await graph.ServicePrincipalsWithAppId(appId).GetAsync(cancellationToken: cancellationToken))!;
        }
        catch (ODataError error) when (error.ResponseStatusCode == (int)HttpStatusCode.NotFound)
        {
        }

        var created = await replication.ExecuteAsync(
            async token => await graph.ServicePrincipals.PostAsync(new ServicePrincipal { AppId = appId }, cancellationToken: token),
            cancellationToken);
        await output.WriteLineAsync("Created the portal's enterprise application (its service principal).");
        return created!;
    }

    /// <summary>The managed identity as the app's credential; a re-created identity (a new principal id) gets the subject updated.</summary>
    private async Task EnsureFederatedCredentialAsync(string applicationId, RegistrationTarget target, CancellationToken cancellationToken)
    {
        var credentials = await replication.ExecuteAsync(
            async token => await graph.Applications[applicationId].FederatedIdentityCredentials.GetAsync(cancellationToken: token),
            cancellationToken);
        var existing = credentials?.Value?.FirstOrDefault(c => c.Name == CredentialName);
        var wanted = new FederatedIdentityCredential
        {
            Name = CredentialName,
            Issuer = target.Authority,
            Subject = target.IdentityPrincipalId,
            Audiences = [TokenExchangeAudience],
            Description = "The Outcomes app's user-assigned managed identity",
        };
        if (existing is null)
        {
            await replication.ExecuteAsync(
                async token => await graph.Applications[applicationId].FederatedIdentityCredentials.PostAsync(wanted, cancellationToken: token),
                cancellationToken);
            await output.WriteLineAsync("Trusted the app's managed identity as the registration's credential (no secret).");
        }
        else if (existing.Subject != wanted.Subject || existing.Issuer != wanted.Issuer || existing.Audiences is not [TokenExchangeAudience])
        {
            // The name cannot change; everything else can.
            await graph.Applications[applicationId].FederatedIdentityCredentials[existing.Id].PatchAsync(
                new FederatedIdentityCredential { Issuer = wanted.Issuer, Subject = wanted.Subject, Audiences = wanted.Audiences },
                cancellationToken: cancellationToken);
            await output.WriteLineAsync("Updated the federated credential to the app's current managed identity.");
        }
    }

    /// <summary>
    /// Consent to openid, profile and email for the whole tenant, so nobody is asked at first sign-in;
    /// a note instead when the person may not grant it.
    /// </summary>
    private async Task<string?> EnsureConsentAsync(ServicePrincipal principal, CancellationToken cancellationToken)
    {
        try
        {
            var graphPrincipal = await graph.ServicePrincipalsWithAppId(GraphAppId).GetAsync(cancellationToken: cancellationToken)
                ?? throw new InvalidOperationException("Microsoft Graph's own service principal was not found.");
            var grants = await graph.Oauth2PermissionGrants.GetAsync(
                r => r.QueryParameters.Filter = $"clientId eq '{principal.Id}' and consentType eq 'AllPrincipals' and resourceId eq '{graphPrincipal.Id}'",
                cancellationToken);
            var scope = string.Join(' ', SignInScopes.Keys);
            if (grants?.Value?.Any(g => SignInScopes.Keys.All(s => (g.Scope ?? "").Split(' ').Contains(s))) == true)
            {
                return null;
            }

            await replication.ExecuteAsync(
                async token => await graph.Oauth2PermissionGrants.PostAsync(
                    new OAuth2PermissionGrant { ClientId = principal.Id, ConsentType = "AllPrincipals", ResourceId = graphPrincipal.Id, Scope = scope },
                    cancellationToken: token),
                cancellationToken);
            await output.WriteLineAsync($"Granted the tenant's consent to {scope}.");
            return null;
        }
        catch (ODataError error) when (error.ResponseStatusCode == (int)HttpStatusCode.Forbidden)
        {
            return "Consent to sign-in (openid, profile, email) was not granted for the whole tenant: each person is asked once at their first sign-in, " +
                "or an administrator grants it in the Entra admin center (Enterprise applications > the portal > Permissions).";
        }
    }

    private static string NotAllowed(RegistrationTarget target, ODataError error) =>
        $"""
        Portal sign-in is not set up yet. Everything else is deployed and running: questionnaires, scoring, risk alerts and emails work; the portal says that sign-in is not set up.
        Microsoft Entra ID refused to let this account register the portal in tenant {target.TenantId} ({Code(error)}). Registering an application needs a role such as Application Developer, Application Administrator or Cloud Application Administrator (or the tenant's default permission for users to register applications).
        Someone with such a role signs in with `azd auth login` and runs, in this folder with this environment selected:
            azd hooks run postprovision
        That registers the portal and turns sign-in on; nothing needs deploying again.
        """;

    private static string Code(ODataError error) => error.Error?.Code ?? $"HTTP {error.ResponseStatusCode}";
}
