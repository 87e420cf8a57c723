using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Outcomes.Practice;

namespace Outcomes.Api;

/// <summary>How every admin route turns the practice's refusals into problem details: in one place.</summary>
internal static class AdminCalls
{
    public static async Task<Results<TSuccess, ProblemHttpResult>> RunAsync<TSuccess>(HttpRequest request, ILogger logger, Func<Task<Results<TSuccess, ProblemHttpResult>>> action)
        where TSuccess : IResult
    {
        Results<TSuccess, ProblemHttpResult>? result = null;
        return await CatchAsync(request, logger, async () => result = await action()) is { } problem ? problem : result!;
    }

    public static async Task<Results<TSuccess, TOther, ProblemHttpResult>> RunAsync<TSuccess, TOther>(HttpRequest request, ILogger logger, Func<Task<Results<TSuccess, TOther, ProblemHttpResult>>> action)
        where TSuccess : IResult
        where TOther : IResult
    {
        Results<TSuccess, TOther, ProblemHttpResult>? result = null;
        return await CatchAsync(request, logger, async () => result = await action()) is { } problem ? problem : result!;
    }

    private static async Task<ProblemHttpResult?> CatchAsync(HttpRequest request, ILogger logger, Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (InvalidRequestException ex)
        {
            return ApiProblems.Invalid(ex.Problems);
        }
        catch (NotFoundException ex)
        {
            return ApiProblems.NotFound(ex.Message);
        }
        catch (ConflictException ex)
        {
            return ApiProblems.Conflict(ex.Message);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable for {Path}", request.Path.Value);
            return ApiProblems.Unavailable(request.HttpContext.Response);
        }
    }
}
