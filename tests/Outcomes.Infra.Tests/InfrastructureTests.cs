using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.Serialization;

namespace Outcomes.Infra.Tests;

/// <summary>What a reviewer who knows Azure would check in the compiled template, checked on every build.</summary>
public partial class InfrastructureTests
{
    [Fact]
    public void Bicep_BuildsWithoutErrorsOrWarnings()
    {
        var (code, _, error) = Bicep.Run("build", Path.Combine(Bicep.Repository, "infra", "main.bicep"), "--stdout");
        Assert.Equal(0, code);
        Assert.Equal("", error.Trim());
    }

    [Fact]
    public void Bicep_LintsWithoutWarnings()
    {
        var (code, output, error) = Bicep.Run("lint", Path.Combine(Bicep.Repository, "infra", "main.bicep"));
        Assert.Equal(0, code);
        Assert.Equal("", (output + error).Trim());
    }

    [Fact]
    public void Storage_HasNoSharedKeysNoPublicBlobsAndTls12()
    {
        var storage = Assert.Single(Bicep.OfType("Microsoft.Storage/storageAccounts"));
        var properties = storage["properties"]!;
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.All(Bicep.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
    }

    [Fact]
    public void Storage_HasTheAppsTablesAndQueues()
    {
        Assert.Equal(["Audit", "Clients", "Keys", "Learned", "Outbox", "Schedule", "Summaries", "Therapists"], Names("Microsoft.Storage/storageAccounts/tableServices/tables"));
        Assert.Equal(["alerts", "alerts-poison", "email", "email-poison", "email-reports", "email-reports-poison", "email-urgent", "email-urgent-poison", "score", "score-poison"], Names("Microsoft.Storage/storageAccounts/queueServices/queues"));
    }

    [Fact]
    public void FunctionApp_IsLinuxFlexDotnet10HttpsOnlyWithItsOwnIdentity()
    {
        var plan = Assert.Single(Bicep.OfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        var app = Assert.Single(Bicep.OfType("Microsoft.Web/sites"));
        Assert.Equal("functionapp,linux", (string?)app["kind"]);
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        var properties = app["properties"]!;
        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("dotnet-isolated", (string?)properties["functionAppConfig"]!["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)properties["functionAppConfig"]!["runtime"]!["version"]);
        Assert.Equal("UserAssignedIdentity", (string?)properties["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("Disabled", (string?)properties["siteConfig"]!["ftpsState"]);
        Assert.Contains("createObject('azd-service-name', 'functions')", (string?)app["tags"]);
    }

    [Fact]
    public void AppSettings_UseIdentityAndHoldNoSecret()
    {
        var settings = Assert.Single(Bicep.OfType("Microsoft.Web/sites/config"))["properties"]!.AsObject();
        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("managedidentity", (string?)settings["OutcomesQueues__credential"]);
        Assert.Contains("tableServiceUri", string.Join(",", settings.Select(s => s.Key)));
        Assert.Contains("Authorization=AAD", (string?)settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.DoesNotContain(settings, s => s.Key == "AzureWebJobsStorage");
        foreach (var (name, value) in settings)
        {
            var text = value?.ToJsonString() ?? "";
            Assert.False(SecretPattern().IsMatch(text), $"{name} looks like it carries a secret: {text}");
            Assert.False(name.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase) && name != "APPLICATIONINSIGHTS_CONNECTION_STRING", $"{name} is a connection string");
        }
    }

    [Fact]
    public void AppSettings_SetEveryTimersScheduleAndTheAlertSettings()
    {
        var settings = Assert.Single(Bicep.OfType("Microsoft.Web/sites/config"))["properties"]!.AsObject();
        var local = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Repository, "functions", "Outcomes.Functions", "local.settings.json")))!["Values"]!.AsObject();
        // Every timer of the endpoint table, on its default schedule, in the deployment and in local.settings.json.
        var timers = Outcomes.Hosting.Endpoints.OutcomesEndpoints.Timers;
        Assert.Equal(["DigestSchedule", "EmailRedriveSchedule", "EscalationSchedule", "ExpectedRecoverySchedule", "InvitationSchedule", "RetentionSchedule", "ScoringRedriveSchedule", "WarningSignSchedule"], timers.Select(t => t.Setting).Order());
        foreach (var timer in timers)
        {
            Assert.True(settings.ContainsKey(timer.Setting), $"the deployment does not set {timer.Setting}");
            Assert.Equal(timer.DefaultSchedule, (string?)settings[timer.Setting]);
            Assert.Equal(timer.DefaultSchedule, (string?)local[timer.Setting]);
        }

        Assert.Equal("4", (string?)settings["Outcomes__EscalateAfterHours"]);
        Assert.True(settings.ContainsKey("Outcomes__DutyContact"));
        Assert.True(settings.ContainsKey("Outcomes__MinimalDigests"));
    }

    [Fact]
    public void Template_NeverReadsAKey()
    {
        var json = Bicep.Template.ToJsonString();
        Assert.DoesNotContain("listKeys", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listConnectionStrings", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Telemetry_AcceptsOnlyIdentityBasedIngestion()
    {
        Assert.True((bool)Assert.Single(Bicep.OfType("Microsoft.Insights/components"))["properties"]!["DisableLocalAuth"]!);
        Assert.True((bool)Assert.Single(Bicep.OfType("Microsoft.OperationalInsights/workspaces"))["properties"]!["features"]!["disableLocalAuth"]!);
    }

    [Fact]
    public void Email_IsCommunicationServicesLinkedToAnAzureManagedDomain()
    {
        var domain = Assert.Single(Bicep.OfType("Microsoft.Communication/emailServices/domains"));
        Assert.Equal("AzureManaged", (string?)domain["properties"]!["domainManagement"]);
        var acs = Assert.Single(Bicep.OfType("Microsoft.Communication/communicationServices"));

        // The managed domain always; the clinic's own verified domain too when the parameter names one (so that provisioning keeps it).
        var linked = (string)acs["properties"]!["linkedDomains"]!;
        Assert.Contains("parameters('emailCustomDomainId')", linked, StringComparison.Ordinal);
        Assert.Contains("AzureManagedDomain", linked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Outcomes__Email__From", "emailSenderAddress")]
    [InlineData("Outcomes__PublicBaseUrl", "publicBaseUrl")]
    [InlineData("Outcomes__ClinicContact", "clinicContact")]
    [InlineData("Outcomes__CrisisResources", "crisisResources")]
    public void ClinicOwnedSettings_ComeFromParametersThatAzdKeeps(string setting, string parameter)
    {
        var settings = Assert.Single(Bicep.OfType("Microsoft.Web/sites/config"))["properties"]!.AsObject();
        Assert.Contains($"parameters('{parameter}')", (string)settings[setting]!, StringComparison.Ordinal);
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Repository, "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        Assert.Matches(@"^\$\{OUTCOMES_[A-Z_]+=\}$", (string)parameters[parameter]!["value"]!);
    }

    [Fact]
    public void Monitoring_TellsTheDutyContactOfPoisonFailedEmailLateRiskAlertsAndFailures()
    {
        var group = Assert.Single(Bicep.OfType("Microsoft.Insights/actionGroups"));
        Assert.Null(group["condition"]); // always: a safety alert never goes nowhere
        Assert.Contains("parameters('dutyContactEmail')", (string)group["properties"]!["emailReceivers"]![0]!["emailAddress"]!, StringComparison.Ordinal);
        var rules = Assert.Single(Bicep.OfType("Microsoft.Insights/scheduledQueryRules"));
        Assert.Contains("actionGroups", rules["properties"]!["actions"]!.ToString(), StringComparison.Ordinal);
        var names = Bicep.Module["variables"]!["alertRules"]!.AsArray().Select(r => (string)r!["name"]!).ToList();
        Assert.Equal(["poison-message", "email-failed-for-good", "risk-alert-email-late", "function-failures"], names);

        // A brand-new workspace has no tables until the app logs: the rules are not validated against it,
        // and are made after Application Insights (whose workspace tables they read).
        Assert.True((bool?)rules["properties"]!["skipQueryValidation"]);
        Assert.Contains(rules["dependsOn"]!.AsArray(), d => ((string)d!).Contains("Microsoft.Insights/components", StringComparison.Ordinal));

        // Each rule reads a log line the code writes (or the Functions host's poison message).
        var code = string.Join('\n', Directory.GetFiles(Path.Combine(Bicep.Repository, "functions"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("failed for good", code, StringComparison.Ordinal);
        Assert.Contains("giving up", code, StringComparison.Ordinal);
        Assert.Contains("\"Risk alert email {EmailKey} delivered {DelaySeconds} s after", code, StringComparison.Ordinal);
        Assert.Contains("\"Risk alert email {EmailKey} was not delivered: {Problem}\"", code, StringComparison.Ordinal);
    }

    [Fact]
    public void DutyContact_IsRequiredSoAzdAsksForIt()
    {
        var parameter = Bicep.Template["parameters"]!["dutyContactEmail"]!;
        Assert.Null(parameter["defaultValue"]);
        Assert.True((int?)parameter["minLength"] > 0);
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Repository, "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        Assert.Equal("${OUTCOMES_DUTY_CONTACT}", (string)parameters["dutyContactEmail"]!["value"]!); // no default: azd prompts when it is unset
    }

    [Fact]
    public void DeployingPrincipal_IsAPersonOrAPipeline_AsAzdSays()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Repository, "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        Assert.Equal("${AZURE_PRINCIPAL_TYPE=User}", (string)parameters["principalType"]!["value"]!);
        Assert.Equal(["User", "ServicePrincipal"], Bicep.Template["parameters"]!["principalType"]!["allowedValues"]!.AsArray().Select(v => (string)v!));
        var developer = Assert.Single(Bicep.OfType("Microsoft.Authorization/roleAssignments"), a => a["copy"] is not null);
        Assert.Equal("[parameters('principalType')]", (string?)developer["properties"]!["principalType"]);
    }

    [Fact]
    public void Sdk_PinIsTheFeatureBandsFloorSoAnyDotnet10SdkBuilds()
    {
        var sdk = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Repository, "global.json")))!["sdk"]!;
        Assert.Equal("10.0.100", (string?)sdk["version"]);
        Assert.Equal("latestFeature", (string?)sdk["rollForward"]);
        var props = File.ReadAllText(Path.Combine(Bicep.Repository, "Directory.Build.props"));
        Assert.Contains("<TreatWarningsAsErrors Condition=\"'$(CI)' == 'true'\">true</TreatWarningsAsErrors>", props, StringComparison.Ordinal);
    }

    [Fact]
    public void Location_IsOfferedOnlyWhereFlexConsumptionRuns()
    {
        var location = Bicep.Template["parameters"]!["location"]!;
        Assert.Equal("location", (string?)location["metadata"]!["azd"]!["type"]);
        var allowed = location["allowedValues"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.Contains("westeurope", allowed);
        Assert.Contains("uksouth", allowed);
        Assert.DoesNotContain("westus", allowed); // no Flex Consumption there
    }

    [Fact]
    public void TheApp_KnowsTheEdgeTakesOnlyHttps_BecauseTheSiteIsHttpsOnly()
    {
        var site = Assert.Single(Bicep.OfType("Microsoft.Web/sites"));
        Assert.True((bool?)site["properties"]!["httpsOnly"]);
        var settings = Assert.Single(Bicep.OfType("Microsoft.Web/sites/config"))["properties"]!.AsObject();
        Assert.Equal("true", (string?)settings["Outcomes__HttpsOnlyAtTheEdge"]);
    }

    [Fact]
    public void EmailLimits_AreTheDomainTypesUnlessTheClinicSetsThem()
    {
        var variables = Bicep.Module["variables"]!;
        Assert.Equal("[if(greater(parameters('emailMaxPerMinute'), 0), parameters('emailMaxPerMinute'), if(variables('azureManagedDomain'), 5, 30))]", (string?)variables["emailPerMinute"]);
        Assert.Equal("[if(greater(parameters('emailMaxPerHour'), 0), parameters('emailMaxPerHour'), if(variables('azureManagedDomain'), 10, 100))]", (string?)variables["emailPerHour"]);
        Assert.Equal("[empty(parameters('emailSenderAddress'))]", (string?)variables["azureManagedDomain"]);
        var settings = Assert.Single(Bicep.OfType("Microsoft.Web/sites/config"))["properties"]!.AsObject();
        Assert.Contains("variables('emailPerHour')", (string)settings["Outcomes__Email__MaxPerHour"]!, StringComparison.Ordinal);
        Assert.Contains("variables('azureManagedDomain')", (string)settings["Outcomes__Email__AzureManagedDomain"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicBaseUrl_DefaultsToTheSitesOwnHostName()
    {
        var settings = Assert.Single(Bicep.OfType("Microsoft.Web/sites/config"))["properties"]!.AsObject();
        Assert.Contains("defaultHostName", (string)settings["Outcomes__PublicBaseUrl"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("storageBlobDataOwner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts")]
    [InlineData("storageQueueDataContributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts")]
    [InlineData("storageTableDataContributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts")]
    [InlineData("monitoringMetricsPublisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components")]
    [InlineData("communicationAndEmailServiceOwner", "09976791-48a7-449e-bb21-39d1a415f350", "Microsoft.Communication/communicationServices")]
    public void Identity_HoldsEachBuiltInRoleScopedToItsResource(string role, string roleId, string scopeType)
    {
        // Built-in role ids, as Azure publishes them.
        Assert.Equal(roleId, (string?)Bicep.Module["variables"]!["roles"]![role]);
        var assignment = Assert.Single(AppAssignments(), a => a["properties"]!["roleDefinitionId"]!.GetValue<string>().Contains($"variables('roles').{role})", StringComparison.Ordinal));
        Assert.StartsWith($"[resourceId('{scopeType}'", (string?)assignment["scope"]);
    }

    [Fact]
    public void Identity_HasNoOtherRole()
    {
        Assert.Equal(5, AppAssignments().Count);
        Assert.All(Bicep.OfType("Microsoft.Authorization/roleAssignments"), a => Assert.NotNull(a["scope"]));
    }

    /// <summary>The app's identity's role assignments (not the deployer's, nor Event Grid's).</summary>
    private static List<JsonObject> AppAssignments() =>
        Bicep.OfType("Microsoft.Authorization/roleAssignments").Where(a => a["properties"]!["principalId"]!.ToString().Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.Ordinal)).ToList();

    [Fact]
    public void DeliveryReports_GoFromCommunicationServicesToTheReportsQueue_WithEventGridsOwnIdentity()
    {
        var topic = Assert.Single(Bicep.OfType("Microsoft.EventGrid/systemTopics"));
        Assert.Equal("Microsoft.Communication.CommunicationServices", (string?)topic["properties"]!["topicType"]);
        Assert.Contains("Microsoft.Communication/communicationServices", (string)topic["properties"]!["source"]!, StringComparison.Ordinal);
        Assert.Equal("SystemAssigned", (string?)topic["identity"]!["type"]);

        var subscription = Assert.Single(Bicep.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"))["properties"]!;
        Assert.Equal(["Microsoft.Communication.EmailDeliveryReportReceived"], subscription["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string)t!));
        var delivery = subscription["deliveryWithResourceIdentity"]!;
        Assert.Equal("SystemAssigned", (string?)delivery["identity"]!["type"]);
        Assert.Equal("StorageQueue", (string?)delivery["destination"]!["endpointType"]);
        Assert.Equal(Outcomes.Storage.StorageQueues.EmailReports, (string?)delivery["destination"]!["properties"]!["queueName"]);

        // Event Grid may only put messages on the account's queues: Storage Queue Data Message Sender, nothing more.
        var role = Assert.Single(Bicep.OfType("Microsoft.Authorization/roleAssignments"), a => a["properties"]!["principalId"]!.ToString().Contains("Microsoft.EventGrid/systemTopics", StringComparison.Ordinal));
        Assert.Contains("storageQueueDataMessageSender", (string)role["properties"]!["roleDefinitionId"]!, StringComparison.Ordinal);
        Assert.Equal("c6a89b2d-59bc-44d0-9896-0f6e12d7b80a", (string?)Bicep.Module["variables"]!["roles"]!["storageQueueDataMessageSender"]);

        var settings = Assert.Single(Bicep.OfType("Microsoft.Web/sites/config"))["properties"]!.AsObject();
        Assert.Equal("true", (string?)settings["Outcomes__Email__DeliveryReports"]);
    }

    [Fact]
    public void Template_DefinesNoRole_SoNothingOutlivesTheResourceGroup()
    {
        // A custom role definition would need the deployer to be allowed to define roles, and azd down would leave it behind.
        Assert.Empty(Bicep.OfType("Microsoft.Authorization/roleDefinitions"));
    }

    [Fact]
    public void AzureYaml_ValidatesAgainstAzdsSchema()
    {
        var yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(File.ReadAllText(Path.Combine(Bicep.Repository, "azure.yaml")));
        var json = JsonSerializer.SerializeToNode(yaml)!;
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(Bicep.Repository, "infra", "azure.yaml.schema.json")));

        var result = schema.Evaluate(JsonDocument.Parse(json.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, string.Join("; ", result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
        Assert.Equal("function", (string?)json["services"]!["functions"]!["host"]);
        Assert.Equal("./functions/Outcomes.Functions", (string?)json["services"]!["functions"]!["project"]);
    }

    /// <summary>The names a copy loop of <paramref name="type"/> creates: the variable it loops over.</summary>
    private static List<string> Names(string type)
    {
        var loop = Assert.Single(Bicep.OfType(type));
        var variable = Regex.Match((string)loop["copy"]!["count"]!, @"variables\('(\w+)'\)").Groups[1].Value;
        return Bicep.Module["variables"]![variable]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"AccountKey=|SharedAccessSignature|sig=|[Pp]assword|[Ss]ecret|listKeys", RegexOptions.None)]
    private static partial Regex SecretPattern();
}
