using Azure.Core;
using Azure.Identity;
using Outcomes.PortalRegistration;

// azd's hooks: `register` after provisioning, `remove` before `azd down` (azure.yaml).
var command = args.FirstOrDefault();
if (command is not ("register" or "remove"))
{
    Console.Error.WriteLine("Usage: dotnet run --project infra/Outcomes.PortalRegistration -- register | remove   (run by azd's hooks)");
    return 2;
}

var azd = new AzdCommandEnvironment();
var (target, missing) = RegistrationTarget.Read(azd.Get, forRemoval: command == "remove");
if (target is null)
{
    Console.Error.WriteLine($"Portal sign-in is not set up: azd did not provide {string.Join(", ", missing)}. Run this from azd (`azd hooks run postprovision`) after `azd provision`.");
    return 1;
}

// azd's own sign-in (`azd auth login`) in the environment's tenant: no Azure CLI, no second login.
TokenCredential credential = new AzureDeveloperCliCredential(new AzureDeveloperCliCredentialOptions { TenantId = target.TenantId });
using var http = new HttpClient();
var registration = Registrations.Create(credential, Registrations.Graph, Registrations.Management, http, azd, Console.Out);
try
{
    return command == "register"
        ? await registration.RegisterAsync(target, CancellationToken.None)
        : await registration.RemoveAsync(target, CancellationToken.None);
}
catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException)
{
    Console.Error.WriteLine($"Portal sign-in is not set up: azd's sign-in could not be used ({ex.Message.Split('\n')[0]}). Run `azd auth login`, then `azd hooks run postprovision`.");
    return 1;
}
catch (Exception ex) when (ex is HttpRequestException or Microsoft.Graph.Models.ODataErrors.ODataError)
{
    Console.Error.WriteLine($"Portal sign-in is not set up: {ex.Message}. Everything else is deployed; run `azd hooks run postprovision` to try again.");
    return 1;
}
