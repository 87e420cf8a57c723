using System.Diagnostics;
using Outcomes.Practice;
using Outcomes.Storage;

namespace Outcomes.Hosting.Endpoints;

/// <summary>
/// Who may call an HTTP endpoint: anyone (a link's token is the credential), a caller with the
/// admin key (automation), or a person signed in to the portal (the page checks their role).
/// </summary>
public enum Access
{
    Anonymous,
    AdminKey,
    Portal,
}

/// <summary>
/// An HTTP route. <see cref="Handler"/> is a minimal-API delegate (its typed results describe the
/// responses), or null where each host serves the route its own way (the OpenAPI description);
/// <see cref="Describe"/> adds what the delegate cannot say (request body, problem statuses).
/// </summary>
public sealed record HttpEndpoint(string Name, string Method, string Route, Access Access, Delegate? Handler)
{
    /// <summary>An HTML page or the description itself: left out of the OpenAPI description.</summary>
    public bool Page { get; init; }

    public Action<Microsoft.AspNetCore.Builder.RouteHandlerBuilder>? Describe { get; init; }
}

/// <summary>A queue and the handler of each of its messages.</summary>
public sealed record QueueEndpoint(string Name, string Queue, Func<IServiceProvider, string, CancellationToken, Task> Handle)
{
    /// <summary>
    /// Handles a message inside a span of the trace that queued it (the message's <c>traceparent</c>),
    /// linked to the host's own span for the delivery: what both hosts run for each message.
    /// </summary>
    public async Task RunAsync(IServiceProvider services, string message, CancellationToken cancellationToken)
    {
        var queued = StorageQueues.TraceOf(message);
        var delivery = Activity.Current;
        using var span = queued == default
            ? PracticeTelemetry.Source.StartActivity(Name, ActivityKind.Consumer)
            : PracticeTelemetry.Source.StartActivity(
                Name,
                ActivityKind.Consumer,
                queued,
                links: delivery is null ? null : [new ActivityLink(delivery.Context)]);
        span?.SetTag("messaging.destination.name", Queue);
        try
        {
            await Handle(services, message, cancellationToken);
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }
}

/// <summary>A timer: its NCRONTAB schedule (with seconds) comes from <see cref="Setting"/>, <see cref="DefaultSchedule"/> when unset.</summary>
public sealed record TimerEndpoint(string Name, string Setting, string DefaultSchedule, Func<IServiceProvider, DateTimeOffset, CancellationToken, Task> Run);
