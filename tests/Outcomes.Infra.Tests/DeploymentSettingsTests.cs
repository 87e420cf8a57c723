using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Hosting;
using Outcomes.Practice;
using Outcomes.Practice.Email;

namespace Outcomes.Infra.Tests;

/// <summary>
/// The deployment's app settings against what the app needs: every queue trigger's identity
/// connection, and every setting the app reads at start-up. Each setting named below is deleted in
/// turn to show that the check fails without it.
/// </summary>
public class DeploymentSettingsTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static Dictionary<string, string> Deployed() =>
        Assert.Single(Bicep.OfType("Microsoft.Web/sites/config"))["properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToString());

    [Fact]
    public void DeployedSettings_GiveTheAppEverythingItNeeds()
    {
        var problems = Problems(Deployed());
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    [Theory]
    [InlineData("OutcomesQueues__queueServiceUri")]
    [InlineData("OutcomesQueues__credential")]
    [InlineData("OutcomesQueues__clientId")]
    [InlineData("OutcomesTables__tableServiceUri")]
    [InlineData("AzureWebJobsStorage__accountName")]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("AzureWebJobsStorage__credential")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")]
    [InlineData("AZURE_CLIENT_ID")]
    [InlineData("Outcomes__PublicBaseUrl")]
    [InlineData("Outcomes__Email__Sender")]
    [InlineData("Outcomes__Email__Endpoint")]
    [InlineData("Outcomes__Email__From")]
    [InlineData("EscalationSchedule")]
    public void EachSettingTheAppNeeds_IsMissedWhenDeleted(string setting)
    {
        var settings = Deployed();
        Assert.True(settings.Remove(setting), $"the deployment does not set {setting}");
        Assert.NotEmpty(Problems(settings));
    }

    /// <summary>What would stop the deployed app from working with these settings.</summary>
    private static List<string> Problems(Dictionary<string, string> settings)
    {
        var problems = new List<string>();

        // Every trigger's connection is identity-based: the service URI (or account), the identity, its client id.
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(Bicep.Repository, "functions", "Outcomes.Functions", "bin", Configuration, "net10.0", "functions.metadata")))!.AsArray();
        var connections = metadata.SelectMany(f => f!["bindings"]!.AsArray())
            .Where(b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.Ordinal) && b!["connection"] is not null)
            .Select(b => (string)b!["connection"]!)
            .Append("AzureWebJobsStorage")
            .Distinct();
        foreach (var connection in connections)
        {
            var address = connection == "AzureWebJobsStorage" ? $"{connection}__accountName" : $"{connection}__queueServiceUri";
            foreach (var required in new[] { address, $"{connection}__credential", $"{connection}__clientId" })
            {
                if (!settings.ContainsKey(required))
                {
                    problems.Add($"{required} is not set");
                }
            }

            if (settings.GetValueOrDefault($"{connection}__credential") is { } credential && credential != "managedidentity")
            {
                problems.Add($"{connection}__credential is '{credential}', not managedidentity");
            }
        }

        // Every timer's schedule.
        foreach (var schedule in metadata.SelectMany(f => f!["bindings"]!.AsArray()).Where(b => (string)b!["type"]! == "timerTrigger").Select(b => ((string)b!["schedule"]!).Trim('%')))
        {
            if (!settings.ContainsKey(schedule))
            {
                problems.Add($"{schedule} is not set");
            }
        }

        // Telemetry with the identity (the monitoring's alerts read it), and DefaultAzureCredential's identity.
        foreach (var required in new[] { "APPLICATIONINSIGHTS_CONNECTION_STRING", "AZURE_CLIENT_ID" })
        {
            if (!settings.ContainsKey(required))
            {
                problems.Add($"{required} is not set");
            }
        }

        if (settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")?.Contains("Authorization=AAD", StringComparison.Ordinal) != true)
        {
            problems.Add("APPLICATIONINSIGHTS_AUTHENTICATION_STRING does not ingest with the identity (local authentication is off)");
        }

        // The app itself, composed from these settings as the Functions app composes it at start-up.
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)Plausible(s.Key, s.Value))))
                .Build();
            using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddOutcomes(configuration).RequirePublicBaseUrl().BuildServiceProvider();
            // What start-up checks: every settings class bound and validated.
            _ = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Outcomes.Hosting.Settings.OutcomesOptions>>().Value;
            _ = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Outcomes.Email.EmailSettings>>().Value;
            _ = services.GetRequiredService<PublicLinks>().Questionnaire("token");
            _ = services.GetRequiredService<IEmailSender>();
            _ = services.GetRequiredService<IClientRecords>();
            _ = services.GetRequiredService<ICaseloads>();
            _ = services.GetRequiredService<ITherapists>();
            _ = services.GetRequiredService<IWorkQueues>();
            _ = services.GetRequiredService<PracticeSettings>();
            if (configuration["Outcomes:Email:Sender"] != "Acs")
            {
                problems.Add("the deployment does not send through Azure Communication Services");
            }

            if (string.IsNullOrEmpty(configuration["Outcomes:Email:From"]))
            {
                problems.Add("Outcomes__Email__From is not set");
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or UriFormatException or ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            problems.Add($"the app does not start: {ex.Message[..Math.Min(ex.Message.Length, 400)]}");
        }

        return problems;
    }

    // ARM expressions stand for values known only in Azure; each becomes a value of its kind.
    private static string Plausible(string key, string value) =>
        !value.StartsWith('[') ? value
        : key.EndsWith("Uri", StringComparison.Ordinal) || key.EndsWith("Url", StringComparison.Ordinal) || key.EndsWith("Endpoint", StringComparison.Ordinal) ? "https://resource.example.net/"
        : key.EndsWith("From", StringComparison.Ordinal) ? "DoNotReply@clinic.example"
        : key.EndsWith("DutyContact", StringComparison.Ordinal) ? "duty@clinic.example"
        : key.EndsWith("MinimalDigests", StringComparison.Ordinal) ? "false"
        : key.EndsWith("CrisisResources", StringComparison.Ordinal) ? "Samaritans | 116 123 | any time | https://www.samaritans.org"
        : key.EndsWith("MaxPerMinute", StringComparison.Ordinal) ? "5"
        : key.EndsWith("MaxPerHour", StringComparison.Ordinal) ? "10"
        : key.EndsWith("AzureManagedDomain", StringComparison.Ordinal) ? "true"
        : key.EndsWith("RetainDischargedForDays", StringComparison.Ordinal) ? "" // azd's default: unset, records kept
        : "deployed-value";
}
