using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Outcomes.Api;
using Outcomes.Hosting.Endpoints;

namespace Outcomes.Functions;

/// <summary>
/// The endpoint table as the generated trigger classes run it. An HTTP entry's handler runs through
/// ASP.NET Core's <see cref="RequestDelegateFactory"/> — the binding and result writing the local
/// host's minimal APIs use — so both hosts call each handler the same way.
/// </summary>
public sealed class EndpointTable
{
    private readonly FrozenDictionary<string, RequestDelegate> http;
    private readonly FrozenDictionary<string, QueueEndpoint> queues;
    private readonly FrozenDictionary<string, TimerEndpoint> timers;
    private readonly IServiceProvider services;
    private readonly TimeProvider time;

    public EndpointTable(IServiceProvider services, TimeProvider time)
    {
        this.services = services;
        this.time = time;
        http = OutcomesEndpoints.Http.ToFrozenDictionary(e => e.Name, e => Compile(e, services));
        queues = OutcomesEndpoints.Queues.ToFrozenDictionary(e => e.Name);
        timers = OutcomesEndpoints.Timers.ToFrozenDictionary(e => e.Name);
    }

    /// <summary>Runs an HTTP entry: the response is written here, so the worker has nothing more to write.</summary>
    public async Task<IActionResult> RunAsync(string name, HttpRequest request, params (string Name, string Value)[] routeValues)
    {
        foreach (var (parameter, value) in routeValues)
        {
            request.RouteValues[parameter] = value;
        }

        await http[name](request.HttpContext);
        return new EmptyResult();
    }

    public Task HandleAsync(string name, string message, CancellationToken cancellationToken) =>
        queues[name].RunAsync(services, message, cancellationToken);

    public Task RunAsync(string name, CancellationToken cancellationToken) =>
        timers[name].Run(services, time.GetUtcNow(), cancellationToken);

    // The one entry each host serves its own way: the local host generates the description from the
    // endpoints; the Functions app, which has no endpoint metadata, serves the committed copy.
    private static readonly string Description = OpenApiDescription.Committed();

    private static readonly Delegate CommittedDescription = () => Results.Text(Description, "application/json; charset=utf-8");

    private static RequestDelegate Compile(HttpEndpoint endpoint, IServiceProvider services) =>
        RequestDelegateFactory.Create(endpoint.Handler ?? CommittedDescription, new RequestDelegateFactoryOptions
        {
            ServiceProvider = services,
            RouteParameterNames = RoutePatternFactory.Parse(endpoint.Route).Parameters.Select(p => p.Name).ToList(),
            DisableInferBodyFromParameters = true,
        }).RequestDelegate;
}
