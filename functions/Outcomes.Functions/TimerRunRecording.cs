using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using Outcomes.Practice;

namespace Outcomes.Functions;

/// <summary>Every timer function's run is recorded — when, and whether it succeeded — for the practice page's health, in one place (the worker's middleware).</summary>
public sealed class TimerRunRecording(ITimerRuns runs, TimeProvider time, ILogger<TimerRunRecording> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (!context.FunctionDefinition.InputBindings.Values.Any(b => b.Type == "timerTrigger"))
        {
            await next(context);
            return;
        }

        var startedAt = time.GetUtcNow();
        string? failure = null;
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            failure = ex.GetType().Name;
            throw;
        }
        finally
        {
            try
            {
                await runs.RecordAsync(new TimerRun(context.FunctionDefinition.Name, startedAt, failure is null, failure), context.CancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The {Function} run could not be recorded", context.FunctionDefinition.Name);
            }
        }
    }
}
