using Microsoft.Extensions.Logging;
using Outcomes.Core.Alerts;
using Outcomes.Core.Instruments;
using Outcomes.Core.Progress;

namespace Outcomes.Core.Practice;

public enum ScoringOutcome
{
    Scored,

    /// <summary>The message came again: the stored result stands and nothing is raised twice.</summary>
    AlreadyScored,

    /// <summary>The submission that queued this message never stored its response; there is nothing to score.</summary>
    NoSuchResponse,
}

/// <summary>Scores a stored response: the queue handler's one service call.</summary>
public sealed class ResponseScoring(IPracticeStore store, IWorkQueues queue, InstrumentCatalog instruments, PracticeSettings settings, TimeProvider time, ILogger<ResponseScoring> logger)
{
    public async Task<ScoringOutcome> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        var file = await store.ReadClientFileAsync(request.ClientId, cancellationToken);
        var response = file.Responses.FirstOrDefault(r => r.ResponseId == request.ResponseId);
        if (response is null)
        {
            // The message is queued before the response is written. A response still missing is
            // either being written right now (retry) or was never written (let the message go).
            if (time.GetUtcNow() - ResponseTime(request.ResponseId) < TimeSpan.FromMinutes(2))
            {
                throw new InvalidOperationException($"Response {request.ResponseId} is not stored yet; the message will be retried.");
            }

            logger.LogWarning("No response {ResponseId} for client {ClientId}; the submission did not complete", request.ResponseId, request.ClientId);
            return ScoringOutcome.NoSuchResponse;
        }

        var assessment = Assess(file, response);
        var already = file.Scores.Any(s => s.ResponseId == response.ResponseId);
        var known = file.Alerts.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var raised = assessment.Progress.Findings
            .Where(f => !known.Contains(f.Key))
            .Select(f => new AlertRecord(response.ClientId, f.Key, f.Kind.ToString(), f.Urgency.ToString(), f.InstrumentId, f.Description, response.ResponseId, time.GetUtcNow()))
            .ToList();

        var scored = !already && await store.RecordScoringAsync(assessment.Score, raised, cancellationToken);
        if (scored)
        {
            logger.LogInformation("Scored {ResponseId} for client {ClientId}: {AlertCount} new alerts", response.ResponseId, response.ClientId, raised.Count);
        }

        // Summary and immediate alerts are idempotent, so a repeated message repeats them safely
        // (a crash between the writes above and these must not lose them).
        // The summary shows the client as of their latest response, whichever response this message is about.
        var latest = file.Responses.MaxBy(r => r.SubmittedAt)!;
        var current = latest.ResponseId == response.ResponseId ? assessment.Progress : Assess(file, latest).Progress;
        await store.UpsertSummaryAsync(Summarise(file, latest, current, scored ? [.. file.Alerts, .. raised] : file.Alerts), cancellationToken);
        var immediate = scored
            ? raised.Where(a => a.Urgency == nameof(AlertUrgency.Immediate))
            : file.Alerts.Where(a => a.ResponseId == response.ResponseId && a.Urgency == nameof(AlertUrgency.Immediate));
        foreach (var alert in immediate)
        {
            await queue.RequestAlertAsync(new AlertRequest(alert.ClientId, alert.Key), cancellationToken);
        }

        return scored ? ScoringOutcome.Scored : ScoringOutcome.AlreadyScored;
    }

    /// <summary>The client's progress as of <paramref name="response"/>, from the raw answers.</summary>
    private (ScoreRecord Score, ClientProgress Progress) Assess(ClientFile file, StoredResponse response)
    {
        var history = file.History(instruments, response.SubmittedAt);
        var progress = ClientProgress.Assess(history, instruments, missedInRow: 0, settings.Clinical);
        var score = new ScoreRecord(response.ClientId, response.ResponseId, time.GetUtcNow(), history[^1].Scores);
        return (score, progress);
    }

    /// <summary>The summary as of <paramref name="latest"/>, the client's latest response.</summary>
    private static ClientSummary Summarise(ClientFile file, StoredResponse latest, ClientProgress progress, IReadOnlyList<AlertRecord> alerts)
    {
        var byInstrument = progress.Instruments.ToDictionary(
            p => p.Instrument.Id,
            p => new InstrumentSummary(p.Change.Baseline.Score, p.Change.Latest.Score, p.Instrument.BandFor(p.Change.Latest.Score)?.Label, p.Change.ReliableChange?.ToString(), p.NotOnTrack) { Series = p.Series });
        return new ClientSummary(
            latest.TherapistId,
            latest.ClientId,
            file.Profile?.DisplayCode ?? "",
            latest.SubmittedAt,
            file.Responses.Count,
            byInstrument,
            progress.Openness?.Direction.ToString())
        {
            Findings = progress.Findings,
            Alerts = alerts,
        };
    }

    private static DateTimeOffset ResponseTime(string responseId) =>
        long.TryParse(responseId.AsSpan(0, Math.Min(19, responseId.Length)), out var ticks) && ticks > 0 && ticks < DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : DateTimeOffset.MinValue;
}
