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

    /// <summary>No such response: the request outlived its client (erased) or names nothing. Responses are stored before they are queued.</summary>
    NoSuchResponse,
}

/// <summary>
/// Scores a stored response: the queue handler's one service call. A response is stored, marked as
/// awaiting its scoring, before its request is queued (<see cref="AnswerSubmission"/>); scoring ends
/// the awaiting in the same write as the score, and <see cref="RedriveAsync"/> asks again for any
/// response whose request was lost.
/// </summary>
public sealed class ResponseScoring(
    IClientRecords clientRecords,
    IWorkQueues queue,
    ClientSummaries summaries,
    MilestoneEmails milestones,
    InstrumentCatalog instruments,
    PracticeSettings settings,
    TimeProvider time,
    ILogger<ResponseScoring> logger)
{
    /// <summary>How often a refused scoring write is re-read and recomputed before the queue's own retry takes over.</summary>
    public const int MaxAttempts = 5;

    /// <summary>How long a stored response may await its scoring before the redrive asks for it again: its request is then taken as lost.</summary>
    public static readonly TimeSpan RedriveAfter = TimeSpan.FromMinutes(2);

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
                logger.LogWarning("No response {ResponseId} for client {ClientId}; nothing to score", request.ResponseId, request.ClientId);
                return ScoringOutcome.NoSuchResponse;
            }

            if (file.Scores.Any(s => s.ResponseId == response.ResponseId))
            {
                await FinishAsync(request, cancellationToken);
                return ScoringOutcome.AlreadyScored;
            }

            var history = file.History(instruments, response.SubmittedAt);
            var progress = ClientProgress.Assess(history, instruments, missedInRow: 0, settings.Clinical);
            var score = new ScoreRecord(response.ClientId, response.ResponseId, time.GetUtcNow(), history[^1].Scores);
            var raised = progress.Findings
                .Where(f => !file.Alerts.Any(a => a.Tells(f)))
                .Select(f => new AlertRecord(response.ClientId, f.Key, f.Kind, f.Urgency, f.InstrumentId, f.Description, response.ResponseId, time.GetUtcNow())
                {
                    CheckIn = f.CheckIn,
                    CheckInAt = f.CheckIn is null ? null : f.At,
                })
                .ToList();

            var awaited = file.AwaitingScoring.Contains(response.ResponseId, StringComparer.Ordinal);
            if (await clientRecords.RecordScoringAsync(score, raised, awaited, cancellationToken))
            {
                logger.LogInformation("Scored {ResponseId} for client {ClientId}: {AlertCount} new alerts", response.ResponseId, response.ClientId, raised.Count);
                PracticeTelemetry.AnswersScored.Add(1);
                foreach (var alert in raised)
                {
                    PracticeTelemetry.AlertsRaised.Add(1, new KeyValuePair<string, object?>("kind", alert.Kind.ToString()), new KeyValuePair<string, object?>("urgency", alert.Urgency.ToString()));
                }

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

    /// <summary>How often one response is asked for again before the redrive leaves it to the poison queue's report (2, 4, 8, 16 and 32 minutes apart: about an hour).</summary>
    public const int MaxRedrives = 5;

    /// <summary>
    /// The redrive timer's run: asks again for every response that has awaited its scoring longer
    /// than <see cref="RedriveAfter"/> (its request lost between the write and the queue, or its
    /// handler's retries spent), backing off, and at most <see cref="MaxRedrives"/> times: a response
    /// that can never be scored (an instrument since removed) is not sent round the poison queue for
    /// ever. Scoring twice is harmless, so a request still on its way costs nothing. Returns how many were asked for.
    /// </summary>
    public async Task<int> RedriveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var redriven = 0;
        foreach (var (request, redrives, next) in await clientRecords.ListAwaitingScoringAsync(now - RedriveAfter, cancellationToken))
        {
            if (next > now)
            {
                continue;
            }

            if (redrives >= MaxRedrives)
            {
                logger.LogError("Response {ResponseId} for client {ClientId} was asked for {Redrives} times and is still not scored; giving up (see the score queue's poison messages)", request.ResponseId, request.ClientId, redrives);
                await clientRecords.NoteRedriveAsync(request, redrives, DateTimeOffset.MaxValue, cancellationToken);
                continue;
            }

            logger.LogWarning("Response {ResponseId} for client {ClientId} still awaits its scoring; asking again", request.ResponseId, request.ClientId);
            await queue.RequestScoringAsync(request, cancellationToken);
            await clientRecords.NoteRedriveAsync(request, redrives + 1, now + RedriveAfter * Math.Pow(2, redrives + 1), cancellationToken);
            redriven++;
        }

        return redriven;
    }

    /// <summary>
    /// After the score row is stored (now or by an earlier delivery): the summary from a fresh read
    /// (so that of two writers the later read wins), and the response's immediate alerts queued (the
    /// alert handler sends each once). Both are safe to repeat, so a crash between the score and
    /// these loses nothing: the message comes again. Then the client's milestone email, if they get one.
    /// </summary>
    private async Task FinishAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        var file = await summaries.RefreshAsync(request.ClientId, cancellationToken);
        foreach (var alert in file.Alerts.Where(a => a.ResponseId == request.ResponseId && a.Urgency == AlertUrgency.Immediate))
        {
            await queue.RequestAlertAsync(new AlertRequest(alert.ClientId, alert.Key), cancellationToken);
        }

        await milestones.QueueAsync(file, request.ResponseId, time.GetUtcNow(), cancellationToken);
    }
}

/// <summary>Scoring kept meeting other writes to the same client; the queue retries the message.</summary>
public sealed class ScoringConflictException(string message) : Exception(message);
