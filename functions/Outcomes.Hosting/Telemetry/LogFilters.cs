using Microsoft.Extensions.Logging;

namespace Outcomes.Hosting.Telemetry;

/// <summary>The log levels both hosts set, whatever else is configured.</summary>
public static class LogFilters
{
    /// <summary>
    /// ASP.NET Core logs each request's URL at Information, and a questionnaire, acknowledge or
    /// caseload URL carries its token: warnings only. Azure.Core logs every storage request: warnings only.
    /// </summary>
    public static ILoggingBuilder AddOutcomesFilters(this ILoggingBuilder logging) =>
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Azure.Core", LogLevel.Warning);
}
