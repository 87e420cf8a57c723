using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice.Alerts;

namespace Outcomes.Practice;

public enum ScoringOutcome
{
    Scored,

    /// <summary>The message came again: the stored result stands and nothing is raised twice.</summary>
    AlreadyScored,

    /// <summary>The submission that queued this message never stored its response; there is nothing to score.</summary>
    NoSuchResponse,

    /// <summary>The response may still be being written: the request is queued again to look later.</summary>
    LookAgainLater,
}

/// <summary>Scores a stored response: the queue handler's one service call.</summary>
public sealed class ResponseScoring(
    IClientRecords clientRecords,
    IWorkQueues queue,
    ClientSummaries summaries,
    InstrumentCatalog instruments,
    PracticeSettings settings,
    TimeProvider time,
    ILogger<ResponseScoring> logger)
{
    /// <summary>How often a refused scoring write is re-read and recomputed before the queue's own retry takes over.</summary>
    public const int MaxAttempts = 5;

    /// <summary>How long after a submission queued its request a missing response may still be on its way (its write still running).</summary>
    public static readonly TimeSpan SubmissionWindow = TimeSpan.FromMinutes(2);

    /// <summary>How long a request for a response not yet stored waits before it looks again: about as long as it has waited so far, from 1 to 15 seconds.</summary>
    public static TimeSpan LookAgainAfter(TimeSpan waited) => TimeSpan.FromTicks(Math.Clamp(waited.Ticks, TimeSpan.TicksPerSecond, 15 * TimeSpan.TicksPerSecond));

    /// <summary>
    /// Scores the response and raises its new findings in one write. A write refused because another
    /// scoring of the same client got there first (two responses scored at once) is not "done": the
    /// client's records are read again and the findings recomputed, so each is raised exactly once.
    /// </summary>
    public async Task<ScoringOutcome> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var file = await clientRecords.ReadClientFileAsync(request.ClientId, cancellationToken);
            var response = file.Responses.FirstOrDefault(r => r.ResponseId == request.ResponseId);
            if (response is null)
            {
                return await MissingAsync(request, file, cancellationToken);
            }

            if (file.Scores.Any(s => s.ResponseId == response.ResponseId))
            {
                await FinishAsync(request, cancellationToken);
                return ScoringOutcome.AlreadyScored;
            }

            var history = file.History(instruments, response.SubmittedAt);
            var progress = ClientProgress.Assess(history, instruments, missedInRow: 0, settings.Clinical);
            var score = new ScoreRecord(response.ClientId, response.ResponseId, time.GetUtcNow(), history[^1].Scores);
            var known = file.Alerts.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            var raised = progress.Findings
                .Where(f => !known.Contains(f.Key))
                .Select(f => new AlertRecord(response.ClientId, f.Key, f.Kind.ToString(), f.Urgency.ToString(), f.InstrumentId, f.Description, response.ResponseId, time.GetUtcNow())
                {
                    CheckIn = f.CheckIn,
                    CheckInAt = f.CheckIn is null ? null : f.At,
                })
                .ToList();

            if (await clientRecords.RecordScoringAsync(score, raised, cancellationToken))
            {
                logger.LogInformation("Scored {ResponseId} for client {ClientId}: {AlertCount} new alerts", response.ResponseId, response.ClientId, raised.Count);
                await FinishAsync(request, cancellationToken);
                return ScoringOutcome.Scored;
            }

            if (attempt == MaxAttempts)
            {
                throw new ScoringConflictException($"Scoring {request.ResponseId} for client {request.ClientId} was refused {MaxAttempts} times; the queue will retry it.");
            }

            logger.LogDebug("Scoring {ResponseId} for client {ClientId} met another write (attempt {Attempt}); reading again", request.ResponseId, request.ClientId, attempt);
        }
    }

    /// <summary>
    /// After the score row is stored (now or by an earlier delivery): the summary from a fresh read,
    /// the response's immediate alerts queued (the alert handler sends each once), and any older
    /// response left unscored (its message lost with a crashed host) asked for again. Every step is
    /// safe to repeat, so a crash between the score and these loses nothing.
    /// </summary>
    private async Task FinishAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        var file = await summaries.RefreshAsync(request.ClientId, cancellationToken);
        foreach (var alert in file.Alerts.Where(a => a.ResponseId == request.ResponseId && a.Urgency == nameof(AlertUrgency.Immediate)))
        {
            await queue.RequestAlertAsync(new AlertRequest(alert.ClientId, alert.Key), cancellationToken);
        }

        var stale = time.GetUtcNow() - SubmissionWindow;
        foreach (var orphan in file.Responses.Where(r => r.ResponseId != request.ResponseId && r.SubmittedAt < stale && file.Scores.All(s => s.ResponseId != r.ResponseId)))
        {
            logger.LogWarning("Response {ResponseId} for client {ClientId} was never scored; asking again", orphan.ResponseId, orphan.ClientId);
            await queue.RequestScoringAsync(new ScoreRequest(orphan.ClientId, orphan.ResponseId), cancellationToken);
        }
    }

    /// <summary>
    /// The request is queued before the response is written. Storage tells why it is missing: the
    /// link answered by another submission (a lost race), or nothing written within the window (a
    /// failed or crashed submission) means never; otherwise it may be being written now.
    /// </summary>
    private async Task<ScoringOutcome> MissingAsync(ScoreRequest request, ClientFile file, CancellationToken cancellationToken)
    {
        var invitation = request.TokenHash is null ? null : file.Invitations.FirstOrDefault(i => i.TokenHash == request.TokenHash);
        var neverWritten =
            file.Profile is null
            || (request.TokenHash is not null && invitation is null)
            || invitation is { ResponseId: not null }
            || time.GetUtcNow() - request.QueuedAt() >= SubmissionWindow;
        if (neverWritten)
        {
            logger.LogDebug("No response {ResponseId} for client {ClientId}: its submission did not complete; nothing to score", request.ResponseId, request.ClientId);
            return ScoringOutcome.NoSuchResponse;
        }

        // Not a failure: a new message that looks again later, leaving the retry budget for real failures.
        // A risk answer waits on this, so the first look again is soon: the write is usually milliseconds behind.
        var delay = LookAgainAfter(time.GetUtcNow() - request.QueuedAt());
        await queue.RequestScoringAsync(request, cancellationToken, delay);
        logger.LogDebug("Response {ResponseId} for client {ClientId} is not stored yet; looking again in {Delay}", request.ResponseId, request.ClientId, delay);
        return ScoringOutcome.LookAgainLater;
    }
}

/// <summary>Scoring kept meeting other writes to the same client; the queue retries the message.</summary>
public sealed class ScoringConflictException(string message) : Exception(message);
