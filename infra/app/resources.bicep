// Everything Outcomes runs on, in one resource group. The app reaches every service with its
// user-assigned managed identity; no key or connection string is stored anywhere.
param location string
param tags object
@minLength(13)
@maxLength(13)
@description('uniqueString() of the subscription, environment and region: makes global names unique.')
param resourceToken string
param principalId string
@allowed(['User', 'ServicePrincipal'])
param principalType string
param clinicName string
param emailDataLocation string
param dutyContactEmail string
param clinicContact string
param crisisResources string
param retainDischargedForDays string
param minimalDigests string
param emailMaxPerMinute int
param emailMaxPerHour int
param emailSenderAddress string
param emailCustomDomainId string
param publicBaseUrl string
@description('The portal\'s app registration in Entra ID; empty until the postprovision hook has made it.')
param signInClientId string
@description('The clinic\'s Entra tenant as an OpenID Connect issuer.')
param signInAuthority string

// Built-in roles (least privilege for what the app does).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Flex deployment package, Functions host state
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // score and alert queues
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // the practice's records
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb' // identity-based Application Insights ingestion
  // Sending email with Microsoft Entra ID: ACS documents this built-in role for it (a custom role
  // with its three actions is narrower, but would need the deployer to define roles, and azd down
  // would leave the definition behind).
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350'
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a' // Event Grid puts delivery reports on a queue
}

var appName = 'func-${resourceToken}'

// Email from the Azure-managed domain (no sender address of the clinic's own) is for trying Outcomes out:
// about 5 a minute and 10 an hour; a new custom domain about 30 and 100 until Microsoft raises them.
var azureManagedDomain = empty(emailSenderAddress)
var emailPerMinute = emailMaxPerMinute > 0 ? emailMaxPerMinute : (azureManagedDomain ? 5 : 30)
var emailPerHour = emailMaxPerHour > 0 ? emailMaxPerHour : (azureManagedDomain ? 10 : 100)
var deploymentContainer = 'app-package-${resourceToken}'
var tables = ['Therapists', 'Clients', 'Summaries', 'Outbox', 'Schedule', 'Keys', 'Audit', 'Learned']
var queues = ['score', 'score-poison', 'alerts', 'alerts-poison', 'email', 'email-poison', 'email-urgent', 'email-urgent-poison', 'email-reports', 'email-reports-poison']

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${resourceToken}'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: { enabled: true }
        file: { enabled: true }
        table: { enabled: true, keyType: 'Account' }
        queue: { enabled: true, keyType: 'Account' }
      }
    }
  }

  resource blobs 'blobServices' = {
    name: 'default'
    resource packages 'containers' = {
      name: deploymentContainer
      properties: { publicAccess: 'None' }
    }
  }

  resource tableService 'tableServices' = {
    name: 'default'
    resource table 'tables' = [for name in tables: {
      name: name
    }]
  }

  resource queueService 'queueServices' = {
    name: 'default'
    resource queue 'queues' = [for name in queues: {
      name: name
    }]
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
    features: { disableLocalAuth: true }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
    DisableIpMasking: false
  }
}

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: 'email-${resourceToken}'
  location: 'global'
  tags: tags
  properties: { dataLocation: emailDataLocation }

  resource domain 'domains' = {
    name: 'AzureManagedDomain'
    location: 'global'
    tags: tags
    properties: {
      domainManagement: 'AzureManaged'
      userEngagementTracking: 'Disabled'
    }
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: 'acs-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: emailDataLocation
    // The clinic's own verified domain, when it has one, beside the managed one: a parameter, so that
    // `azd provision` keeps it rather than unlinking a domain added by hand.
    linkedDomains: empty(emailCustomDomainId) ? [emailService::domain.id] : [emailService::domain.id, emailCustomDomainId]
  }
}

// Delivery known, not assumed: ACS reports what became of each email (delivered, bounced, suppressed,
// quarantined, filtered as spam, failed) to Event Grid, which puts each report on the email-reports
// queue with its own identity; the app records it on the email and tells the duty contact of a risk
// alert's email that was not delivered.
resource deliveryReports 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-${resourceToken}'
  location: 'global'
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    source: communication.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource reportQueueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, deliveryReports.id, roles.storageQueueDataMessageSender)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataMessageSender)
    principalId: deliveryReports.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource deliveryReportsToQueue 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: deliveryReports
  name: 'email-delivery-reports'
  properties: {
    deliveryWithResourceIdentity: {
      identity: { type: 'SystemAssigned' }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storage.id
          queueName: 'email-reports'
          queueMessageTimeToLiveInSeconds: 604800
        }
      }
    }
    filter: { includedEventTypes: ['Microsoft.Communication.EmailDeliveryReportReceived'] }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
  dependsOn: [reportQueueRole, storage::queueService::queue]
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: { allowedOrigins: [] }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: {
      // The Functions host's own storage, by identity.
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId

      // The app's tables and queues (the queue trigger reads OutcomesQueues__*).
      OutcomesTables__tableServiceUri: storage.properties.primaryEndpoints.table
      OutcomesQueues__queueServiceUri: storage.properties.primaryEndpoints.queue
      OutcomesQueues__credential: 'managedidentity'
      OutcomesQueues__clientId: identity.properties.clientId

      // DefaultAzureCredential picks the user-assigned identity by its client id.
      AZURE_CLIENT_ID: identity.properties.clientId

      // Identity-based telemetry (local authentication is off).
      APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'

      // Timer schedules (NCRONTAB, UTC); each run works out who is due in their own time zone.
      InvitationSchedule: '0 0 * * * *'
      EscalationSchedule: '0 */5 * * * *'
      WarningSignSchedule: '0 5 * * * *'
      DigestSchedule: '0 10 * * * *'
      EmailRedriveSchedule: '0 */10 * * * *'
      ScoringRedriveSchedule: '0 */2 * * * *'
      RetentionSchedule: '0 30 3 * * *'
      ExpectedRecoverySchedule: '0 0 2 * * 0'

      Outcomes__ClinicName: clinicName
      Outcomes__SendingHour: '18'
      Outcomes__DutyContact: dutyContactEmail
      Outcomes__ClinicContact: clinicContact
      Outcomes__CrisisResources: crisisResources
      Outcomes__RetainDischargedForDays: retainDischargedForDays
      Outcomes__EscalateAfterHours: '4'
      Outcomes__MinimalDigests: minimalDigests
      Outcomes__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : publicBaseUrl
      // The site is httpsOnly: whatever the hop from Azure's front end says, every request came over HTTPS.
      Outcomes__HttpsOnlyAtTheEdge: 'true'
      // Portal sign-in: Entra ID, the app proving itself with its managed identity (a federated credential on the registration), no secret.
      Outcomes__SignIn__Authority: empty(signInClientId) ? '' : signInAuthority
      Outcomes__SignIn__ClientId: signInClientId
      Outcomes__SignIn__ClientAuthentication: 'ManagedIdentity'
      Outcomes__Email__Sender: 'Acs'
      Outcomes__Email__Endpoint: 'https://${communication.properties.hostName}'
      Outcomes__Email__From: empty(emailSenderAddress) ? 'DoNotReply@${emailService::domain.properties.mailFromSenderDomain}' : emailSenderAddress
      Outcomes__Email__MaxPerMinute: string(emailPerMinute)
      Outcomes__Email__MaxPerHour: string(emailPerHour)
      Outcomes__Email__AzureManagedDomain: azureManagedDomain ? 'true' : 'false'
      Outcomes__Email__DeliveryReports: 'true'
    }
  }
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource telemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource emailRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, identity.id, roles.communicationAndEmailServiceOwner)
  scope: communication
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.communicationAndEmailServiceOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The deploying person may read and write the practice's tables and queues, e.g. to run the local host against Azure.
resource developerRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roles.storageQueueDataContributor, roles.storageTableDataContributor]: if (!empty(principalId)) {
  name: guid(storage.id, principalId, role)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: principalId
    principalType: principalType
  }
}]

// Monitoring: someone hears when email or the pipeline fails, not only the therapist's inbox.
// The duty contact (required) is the action group's receiver; every rule reads the app's logs.
resource dutyGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'outcomesduty'
    enabled: true
    emailReceivers: [
      { name: 'duty-contact', emailAddress: dutyContactEmail, useCommonAlertSchema: true }
    ]
  }
}

var alertRules = [
  {
    name: 'poison-message'
    description: 'A queue message failed every retry and was moved to a poison queue (score-poison, alerts-poison, email-poison, email-urgent-poison).'
    severity: 1
    query: 'AppTraces | where Message has "MaxDequeueCount" or Message has "-poison"'
    threshold: 0
  }
  {
    name: 'email-failed-for-good'
    description: 'An email failed for good (a refused address) or was not sent within 24 hours; its outbox row says why.'
    severity: 1
    query: 'AppTraces | where SeverityLevel >= 3 and (Message has "failed for good" or Message has "giving up")'
    threshold: 0
  }
  {
    name: 'risk-alert-email-late'
    description: 'A risk alert email was delivered more than 5 minutes after it was raised, or was not delivered (bounced, suppressed, quarantined, filtered, failed, or no delivery report within 10 minutes).'
    severity: 0
    query: 'AppTraces | where (Message startswith "Risk alert email" and Message has "delivered" and todouble(Properties.DelaySeconds) > 300) or (Message has "risk alert email" and SeverityLevel >= 3)'
    threshold: 0
  }
  {
    name: 'function-failures'
    description: 'More than 5 function executions failed in 15 minutes.'
    severity: 2
    query: 'AppRequests | where Success == false'
    threshold: 5
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for rule in alertRules: {
  name: 'alert-${rule.name}-${resourceToken}'
  location: location
  tags: tags
  properties: {
    displayName: 'Outcomes: ${rule.name}'
    description: rule.description
    severity: rule.severity
    enabled: true
    scopes: [logs.id]
    // The workspace is new: its tables appear only when the app first logs, so the query is not validated at creation.
    skipQueryValidation: true
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: rule.threshold
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    autoMitigate: true
    actions: { actionGroups: [dutyGroup.id] }
  }
  dependsOn: [insights]
}]

output functionAppName string = app.name
output functionAppUrl string = empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : publicBaseUrl
output emailSender string = empty(emailSenderAddress) ? 'DoNotReply@${emailService::domain.properties.mailFromSenderDomain}' : emailSenderAddress
output emailEndpoint string = 'https://${communication.properties.hostName}'
output storageAccountName string = storage.name
output identityPrincipalId string = identity.properties.principalId
