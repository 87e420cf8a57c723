using Azure.Core;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Authentication.Azure;
using Polly;
using Polly.Retry;

namespace Outcomes.PortalRegistration;

/// <summary>One composition for the program and its tests: the tests point it at a stand-in Graph and Resource Manager.</summary>
internal static class Registrations
{
    public static readonly Uri Graph = new("https://graph.microsoft.com/v1.0/");
    public static readonly Uri Management = new("https://management.azure.com/");

    public static AppRegistration Create(TokenCredential credential, Uri graph, Uri management, HttpClient http, IAzdEnvironment azd, TextWriter output, TimeSpan? replicationDelay = null)
    {
        var authentication = new AzureIdentityAuthenticationProvider(credential, [graph.Host], null, true, $"{graph.GetLeftPart(UriPartial.Authority)}/.default");
        var client = new GraphServiceClient(authentication, graph.ToString().TrimEnd('/'));
        return new AppRegistration(client, azd, new FunctionAppSettings(http, credential, management), Replication(replicationDelay ?? TimeSpan.FromSeconds(2)), output);
    }

    /// <summary>
    /// Entra ID replicates a new application for a while: its service principal and credentials can
    /// be refused as naming no application (404, or 400 "does not reference a valid application").
    /// Up to about two minutes of retries.
    /// </summary>
    private static ResiliencePipeline Replication(TimeSpan delay) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ODataError>(e => e.ResponseStatusCode == 404 || (e.ResponseStatusCode == 400 && (e.Error?.Message ?? e.Message).Contains("valid application", StringComparison.OrdinalIgnoreCase))),
            MaxRetryAttempts = 8,
            Delay = delay,
            BackoffType = DelayBackoffType.Exponential,
            MaxDelay = TimeSpan.FromSeconds(30),
        })
        .Build();
}
