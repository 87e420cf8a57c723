using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Outcomes.Api;

namespace Outcomes.Functions;

/// <summary>Every HTTP function's response gets <see cref="SecurityHeaders"/>, in one place (the worker's middleware).</summary>
public sealed class ResponseHeaders : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            SecurityHeaders.ApplyWhenStarting(http.Response);
        }

        return next(context);
    }
}
