using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Scoring;

namespace Outcomes.Practice;

public enum SubmissionStatus
{
    Accepted,

    /// <summary>Unknown, forged or expired link: the same answer for all three, revealing nothing.</summary>
    UnknownLink,

    AlreadyAnswered,
    Invalid,
}

public sealed record SubmissionResult(SubmissionStatus Status, string? ResponseId = null, bool RiskAnswer = false, IReadOnlyList<AnswerProblem>? Problems = null);

/// <summary>A client submitting answers through their link.</summary>
public sealed class AnswerSubmission(IClientRecords clientRecords, IWorkQueues queue, InstrumentCatalog instruments, TimeProvider time, ILogger<AnswerSubmission> logger)
{
    /// <summary>
    /// Checks the link, then the answers, then stores the response, marks the link used and records
    /// the response as awaiting its scoring in one atomic write; only then is the scoring request
    /// queued. If storing fails, nothing was stored and nothing queued; if queuing fails, the answers
    /// are safe and the scoring redrive asks for them (<see cref="ResponseScoring.RedriveAsync"/>).
    /// </summary>
    public async Task<SubmissionResult> SubmitAsync(string token, IReadOnlyDictionary<string, AnswerSet> answers, CancellationToken cancellationToken)
    {
        var invitation = await FindOpenInvitationAsync(token, cancellationToken);
        return invitation.Status == SubmissionStatus.Accepted
            ? await SubmitAsync(invitation.Invitation!, answers, cancellationToken)
            : new SubmissionResult(invitation.Status);
    }

    /// <summary>As <see cref="SubmitAsync(string, IReadOnlyDictionary{string, AnswerSet}, CancellationToken)"/>, for an open invitation the caller has just read.</summary>
    public async Task<SubmissionResult> SubmitAsync(Invitation open, IReadOnlyDictionary<string, AnswerSet> given, CancellationToken cancellationToken)
    {
        // Free text is kept as text only: invisible control and direction characters never reach a page, an email or an export.
        var answers = given.ToDictionary(a => a.Key, a => FreeText.Clean(a.Value), StringComparer.Ordinal);
        var problems = Validate(open, answers);
        if (problems.Count > 0)
        {
            return new SubmissionResult(SubmissionStatus.Invalid, Problems: problems);
        }

        var now = time.GetUtcNow();
        var responseId = $"{now.UtcTicks:D19}-{Guid.NewGuid():N}"[..28];

        // The trace an answer starts: the scoring request carries it on, and the alert and its email after it.
        using var span = PracticeTelemetry.Source.StartActivity("store answers");
        span?.SetTag("outcomes.client_id", open.ClientId);
        span?.SetTag("outcomes.response_id", responseId);
        var response = new StoredResponse(open.ClientId, responseId, open.TherapistId, now, answers);
        var risk = answers.Any(a => InstrumentScoring.Score(instruments[a.Key], a.Value).HasRiskAnswer);

        // The link keeps whether its answers held a risk answer, so that its confirmation shows the crisis advice however often it is opened.
        for (var attempt = 1; !await clientRecords.RecordResponseAsync(response, open with { RiskAnswer = risk }, cancellationToken); attempt++)
        {
            // The write was refused. Only say "already answered" when it is true: the invitation
            // may merely have changed under us (or the emulator may refuse a concurrent write).
            var current = await clientRecords.FindInvitationAsync(open.ClientId, open.TokenHash, cancellationToken);
            if (current?.ResponseId == responseId)
            {
                // Our own write went through and its reply was lost; the SDK's retry was then refused.
                break;
            }

            if (current is null || current.IsUsed)
            {
                return new SubmissionResult(SubmissionStatus.AlreadyAnswered);
            }

            if (attempt == 3)
            {
                throw new StorageUnavailableException($"The response for client {open.ClientId} could not be written.", new InvalidOperationException("Transaction refused three times."));
            }

            open = current;
        }

        try
        {
            await queue.RequestScoringAsync(new ScoreRequest(open.ClientId, responseId), cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            // Stored and awaiting its scoring: the redrive asks for it within minutes. The client is not asked to send again.
            logger.LogWarning(ex, "Response {ResponseId} for client {ClientId} is stored but its scoring could not be queued; the redrive will ask for it", responseId, open.ClientId);
        }

        return new SubmissionResult(SubmissionStatus.Accepted, responseId, risk);
    }

    /// <summary>
    /// The invitation behind a link when it can still be answered; an answered one while it still
    /// shows its confirmation (<see cref="Invitation.ShowsConfirmation"/>); otherwise unknown.
    /// </summary>
    public async Task<(SubmissionStatus Status, Invitation? Invitation)> FindOpenInvitationAsync(string token, CancellationToken cancellationToken)
    {
        if (QuestionnaireToken.Read(token) is not var (clientId, hash))
        {
            return (SubmissionStatus.UnknownLink, null);
        }

        var invitation = await clientRecords.FindInvitationAsync(clientId, hash, cancellationToken);
        var now = time.GetUtcNow();
        return invitation switch
        {
            null => (SubmissionStatus.UnknownLink, null),
            { IsUsed: true } when invitation.ShowsConfirmation(now) => (SubmissionStatus.AlreadyAnswered, invitation),
            { IsUsed: false } when !invitation.IsExpired(now) => (SubmissionStatus.Accepted, invitation),
            _ => (SubmissionStatus.UnknownLink, null),
        };
    }

    private List<AnswerProblem> Validate(Invitation invitation, IReadOnlyDictionary<string, AnswerSet> answers)
    {
        var problems = new List<AnswerProblem>();
        foreach (var id in invitation.Instruments.Where(id => !answers.ContainsKey(id)))
        {
            problems.Add(new AnswerProblem(id, null, "this questionnaire needs answers"));
        }

        foreach (var (id, set) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!invitation.Instruments.Contains(id) || !instruments.TryGet(id, out var instrument))
            {
                problems.Add(new AnswerProblem(id, null, "is not a questionnaire of this link"));
                continue;
            }

            problems.AddRange(InstrumentScoring.Validate(instrument, set));
        }

        return problems;
    }
}
