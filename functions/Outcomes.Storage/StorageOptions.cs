using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;

namespace Outcomes.Storage;

/// <summary>
/// Builds the storage clients from one setting per service, holding either a connection string
/// (<c>UseDevelopmentStorage=true</c> for Azurite) or a service URI (then Microsoft Entra ID
/// through <see cref="DefaultAzureCredential"/>: no keys in Azure).
/// </summary>
public static class StorageClients
{
    /// <summary>Setting that holds the Table service's connection string, or <c>OutcomesTables__tableServiceUri</c> its URI.</summary>
    public const string TablesSetting = "OutcomesTables";

    /// <summary>Setting that holds the Queue service's connection string, or <c>OutcomesQueues__queueServiceUri</c> its URI; the queue trigger's Connection.</summary>
    public const string QueuesSetting = "OutcomesQueues";

    public static TableServiceClient Tables(string connection, params HttpPipelinePolicy[] policies)
    {
        var options = new TableClientOptions();
        Configure(options, policies);
        return IsUri(connection, out var uri)
            ? new TableServiceClient(uri, new DefaultAzureCredential(), options)
            : new TableServiceClient(connection, options);
    }

    public static QueueServiceClient Queues(string connection, params HttpPipelinePolicy[] policies)
    {
        // Base64 is what the Functions queue trigger expects; a mismatch silently poisons every message.
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Configure(options, policies);
        return IsUri(connection, out var uri)
            ? new QueueServiceClient(uri, new DefaultAzureCredential(), options)
            : new QueueServiceClient(connection, options);
    }

    private static void Configure(ClientOptions options, HttpPipelinePolicy[] policies)
    {
        // Fail over to a clear 503 within seconds rather than hang a client's browser.
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        foreach (var policy in policies)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }
    }

    private static bool IsUri(string connection, out Uri uri) =>
        Uri.TryCreate(connection, UriKind.Absolute, out uri!) && uri.Scheme is "https" or "http" && !connection.Contains('=', StringComparison.Ordinal);
}
