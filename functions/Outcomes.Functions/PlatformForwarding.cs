using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Outcomes.Hosting.Forwarding;

namespace Outcomes.Functions;

/// <summary>Every HTTP function sees the request as it left the browser (<see cref="FrontEnd"/>), before anything reads its scheme.</summary>
public sealed class PlatformForwarding(FrontEnd frontEnd) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && await frontEnd.HandleAsync(http))
        {
            return;
        }

        await next(context);
    }
}
