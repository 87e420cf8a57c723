using System.Net;
using Azure;
using Polly;
using Polly.Retry;

namespace Outcomes.Storage;

/// <summary>
/// Read-decide-write on a row's ETag, as Polly retry pipelines: a 409 or 412 means another writer got
/// there first, so the whole step — read, decide, write — runs again, up to a bound; past it the last
/// conflict is thrown (never taken for success). A pipeline with a delay spreads many writers of one
/// row (a burst of links issued, of emails paced) with jitter.
/// </summary>
internal static class Contention
{
    /// <summary>A later record (a timer's run, a measure's fit) may be written by any of many instances: one sees at most as many conflicts as records written at once.</summary>
    public static readonly ResiliencePipeline LatestRows = Pipeline(attempts: 100, TimeSpan.Zero);

    /// <summary>The bulk lane's pace row, taken by every sender of a burst.</summary>
    public static readonly ResiliencePipeline PaceSlots = Pipeline(attempts: 20, TimeSpan.FromMilliseconds(5));

    /// <summary>A client's summary row, written by scoring and acknowledging (only over an older picture).</summary>
    public static readonly ResiliencePipeline Summaries = Pipeline(attempts: 8, TimeSpan.Zero);

    /// <summary>A client's summary row's list of links, appended to by every issuer.</summary>
    public static readonly ResiliencePipeline IssuedLinks = Pipeline(attempts: 12, TimeSpan.FromMilliseconds(10));

    /// <summary>Whether the failure is another writer's change (409 on an insert, 412 on an ETag).</summary>
    public static bool IsConflict(Exception ex) =>
        ex is RequestFailedException { Status: (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed };

    private static ResiliencePipeline Pipeline(int attempts, TimeSpan delay) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(IsConflict),
                MaxRetryAttempts = attempts - 1,
                Delay = delay,
                BackoffType = DelayBackoffType.Linear,
                UseJitter = delay > TimeSpan.Zero,
            })
            .Build();
}
