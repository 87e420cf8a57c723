using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Outcomes.Hosting.Telemetry;

/// <summary>
/// The worker's own traces, metrics and logs, with OpenTelemetry: HTTP requests (by route, never by
/// URL), the app's logs, and the runtime's request metrics. Every record passes <see cref="Redaction"/>
/// before any exporter sees it, so no link token leaves the process. In Azure it exports to Azure
/// Monitor with the managed identity (Microsoft Entra ID: the resource's local authentication is off).
/// </summary>
public static class OutcomesTelemetry
{
    /// <summary>The app's ActivitySource and Meter name.</summary>
    public const string Name = Practice.PracticeTelemetry.Name;

    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Registers telemetry; <paramref name="exporters"/> adds more (tests add an in-memory one).</summary>
    public static IServiceCollection AddOutcomesTelemetry(this IServiceCollection services, IConfiguration configuration, Action<OpenTelemetryBuilder>? exporters = null)
    {
        var azureMonitor = configuration[ConnectionStringSetting] is { Length: > 0 } connection ? connection : null;
        void Monitor(AzureMonitorExporterOptions options)
        {
            options.ConnectionString = azureMonitor;
            options.Credential = new DefaultAzureCredential(); // AZURE_CLIENT_ID names the user-assigned identity
        }

        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.AddSource(Name)
                    .AddAspNetCoreInstrumentation(options => options.RecordException = true)
                    .AddProcessor(new Redaction.ActivityRedaction());
                if (azureMonitor is not null)
                {
                    tracing.AddAzureMonitorTraceExporter(Monitor);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Name).AddAspNetCoreInstrumentation();
                if (azureMonitor is not null)
                {
                    metrics.AddAzureMonitorMetricExporter(Monitor);
                }
            })
            .WithLogging(logging =>
            {
                logging.AddProcessor(new Redaction.LogRedaction());
                if (azureMonitor is not null)
                {
                    logging.AddAzureMonitorLogExporter(Monitor);
                }
            });
        exporters?.Invoke(telemetry);
        return services;
    }
}
