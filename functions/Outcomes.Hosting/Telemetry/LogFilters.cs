using Microsoft.Extensions.Logging;

namespace Outcomes.Hosting.Telemetry;

/// <summary>The log levels both hosts set, whatever else is configured.</summary>
public static class LogFilters
{
    /// <summary>
    /// ASP.NET Core logs each request's URL at Information, and a questionnaire or acknowledge URL
    /// carries its token: warnings only. Azure.Core logs every storage request: warnings only. Data
    /// Protection warns, each time it makes a key, that the key is stored unwrapped: the key ring's
    /// table is encrypted at rest by Azure Storage and readable only by the app's identity
    /// (docs/storage.md), so that warning says nothing new: errors only.
    /// </summary>
    public static ILoggingBuilder AddOutcomesFilters(this ILoggingBuilder logging) =>
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter(KeyManager, LogLevel.Error)
            .AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(KeyManager, LogLevel.Error) // over the console's own level
            .AddFilter("Azure.Core", LogLevel.Warning);

    private const string KeyManager = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";
}
