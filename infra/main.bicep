// Outcomes in a clinic's own subscription: `azd up`. No registry modules, so that the Bicep CLI
// builds and lints it offline.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name; names and tags every resource.')
param environmentName string

// The regions that offer Flex Consumption, as the official Flex Consumption azd sample
// (Azure-Samples/functions-quickstart-dotnet-azd) lists them; azd offers only these.
@minLength(1)
@description('Region for the resources (one that offers Flex Consumption).')
@allowed(['australiaeast', 'centralindia', 'centralus', 'eastasia', 'eastus', 'eastus2', 'francecentral', 'germanywestcentral', 'northcentralus', 'northeurope', 'southcentralus', 'southeastasia', 'swedencentral', 'uksouth', 'westcentralus', 'westeurope', 'westus2'])
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the person deploying, granted data access for local runs against the deployed storage. Leave empty to grant nothing.')
param principalId string = ''

@description('What the deploying principal is: a person (User) or a pipeline\'s service principal (ServicePrincipal); azd sets AZURE_PRINCIPAL_TYPE.')
@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('The clinic\'s name, shown to clients and therapists.')
param clinicName string = 'Outcomes'

@description('Where Communication Services keeps email data at rest.')
param emailDataLocation string = 'Europe'

@description('The duty contact\'s email address: told of a risk alert nobody has acknowledged within 4 hours, or whose email was not delivered, and of every monitoring alert. Required: azd asks for it (OUTCOMES_DUTY_CONTACT).')
@minLength(3)
param dutyContactEmail string

@description('How clients reach the clinic, shown where a link no longer works (e.g. "01632 960 123, weekdays 9 to 5"). Kept by every `azd provision`.')
param clinicContact string = ''

@description('Crisis services shown, with tappable numbers, to a client straight after a risk answer: entries separated by ";", each "name | phone | hours | web" (hours and web optional). Empty: only the advice to call the local emergency number. Kept by every `azd provision`.')
param crisisResources string = ''

@description('Days the records of a discharged client are kept before the daily retention run erases them (OUTCOMES_RETAIN_DISCHARGED_FOR_DAYS); empty keeps them. Kept by every `azd provision`.')
param retainDischargedForDays string = ''

@description('"true" for digests with counts and a link only (no clinical detail in email).')
@allowed(['true', 'false'])
param minimalDigests string = 'false'

@description('The email provider\'s limit a minute; 0: the domain\'s usual one (about 5 on the Azure-managed domain, 30 on a new custom domain). Bulk email is paced inside it with room for risk alerts, which are never paced.')
@minValue(0)
param emailMaxPerMinute int = 0

@description('The email provider\'s limit an hour; 0: the domain\'s usual one (about 10 on the Azure-managed domain, 100 on a new custom domain). Raise both when Microsoft raises the domain\'s limits.')
@minValue(0)
param emailMaxPerHour int = 0

@description('The clinic\'s own sender address on a verified custom domain (e.g. outcomes@clinic.example); empty for the Azure-managed domain\'s DoNotReply address. Kept by every `azd provision`.')
param emailSenderAddress string = ''

@description('Resource id of the clinic\'s verified custom email domain (an Email Communication Services domain), linked beside the Azure-managed one; empty for none. Kept by every `azd provision`.')
param emailCustomDomainId string = ''

@description('The address clients and therapists open, when the app has a custom domain (https://outcomes.clinic.example); empty for the app\'s own azurewebsites.net address. Kept by every `azd provision`.')
param publicBaseUrl string = ''

@description('The portal\'s app registration (its client id) in the clinic\'s Entra tenant: made by the postprovision hook (infra/hooks/portal-sign-in.sh) and kept in the azd environment; empty until then, when the portal says sign-in is not set up.')
param signInClientId string = ''

var tags = { 'azd-env-name': environmentName }
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'app/resources.bicep' = {
  name: 'outcomes-resources'
  scope: group
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    principalId: principalId
    principalType: principalType
    clinicName: clinicName
    emailDataLocation: emailDataLocation
    dutyContactEmail: dutyContactEmail
    clinicContact: clinicContact
    crisisResources: crisisResources
    retainDischargedForDays: retainDischargedForDays
    minimalDigests: minimalDigests
    emailMaxPerMinute: emailMaxPerMinute
    emailMaxPerHour: emailMaxPerHour
    emailSenderAddress: emailSenderAddress
    emailCustomDomainId: emailCustomDomainId
    publicBaseUrl: publicBaseUrl
    signInClientId: signInClientId
    signInAuthority: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output OUTCOMES_URL string = resources.outputs.functionAppUrl
output OUTCOMES_EMAIL_SENDER string = resources.outputs.emailSender
output OUTCOMES_EMAIL_ENDPOINT string = resources.outputs.emailEndpoint
output OUTCOMES_STORAGE_ACCOUNT string = resources.outputs.storageAccountName
output OUTCOMES_IDENTITY_PRINCIPAL_ID string = resources.outputs.identityPrincipalId
output OUTCOMES_SIGNIN_AUTHORITY string = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
output OUTCOMES_ADMIN_KEY_COMMAND string = 'az functionapp keys list --resource-group ${group.name} --name ${resources.outputs.functionAppName} --query functionKeys.default --output tsv'
