using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Outcomes.Api.Contracts;
using Outcomes.Clinical.Scoring;
using Outcomes.Practice;

namespace Outcomes.Api;

/// <summary><c>POST api/q/{token}</c>: a client's answers, as JSON.</summary>
public sealed class QuestionnaireApi(AnswerSubmission submission, ILogger<QuestionnaireApi> logger)
{
    /// <summary>The one body for an unknown, forged or expired link: it reveals nothing about which.</summary>
    public const string UnknownLinkMessage = "This link is not valid. It may have expired; your clinic can send you a new one.";

    public const string AlreadyAnsweredMessage = "Your answers for this check-in were already received. Thank you.";

    public async Task<Results<Accepted<AnswersReceived>, ProblemHttpResult>> SubmitAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<SubmitAnswersRequest>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (answers, problems) = ReadAnswers(body!);
        try
        {
            SubmissionResult result;
            if (problems.Count > 0)
            {
                // Answers that cannot even be read: still tell an unknown or used link first.
                var (status, _) = await submission.FindOpenInvitationAsync(token, cancellationToken);
                result = status == SubmissionStatus.Accepted ? new SubmissionResult(SubmissionStatus.Invalid, Problems: problems) : new SubmissionResult(status);
            }
            else
            {
                result = await submission.SubmitAsync(token, answers, cancellationToken);
            }

            return result.Status switch
            {
                SubmissionStatus.Accepted => Accepted(result),
                SubmissionStatus.UnknownLink => ApiProblems.NotFound(UnknownLinkMessage),
                SubmissionStatus.AlreadyAnswered => ApiProblems.Conflict(AlreadyAnsweredMessage),
                _ => ApiProblems.InvalidAnswers(result.Problems!.Select(p => new AnswerProblemDetail(Problem.Excerpt(p.InstrumentId), p.ItemId is null ? null : Problem.Excerpt(p.ItemId), p.Message))),
            };
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogError(ex, "Storage unavailable while submitting answers");
            return ApiProblems.Unavailable(request.HttpContext.Response);
        }
    }

    private Accepted<AnswersReceived> Accepted(SubmissionResult result)
    {
        logger.LogInformation("Received response {ResponseId}", result.ResponseId);
        return TypedResults.Accepted((string?)null, new AnswersReceived(result.ResponseId!, result.RiskAnswer));
    }

    /// <summary>
    /// <c>{"answers": {"phq9": [9 values], "checkin": {"1": 3, …, "7text": "…"}}}</c>: an array gives
    /// items 1..n in order; an object gives items by id, numbers for choices and strings for text.
    /// </summary>
    internal static (Dictionary<string, AnswerSet> Answers, List<AnswerProblem> Problems) ReadAnswers(SubmitAnswersRequest body)
    {
        var answers = new Dictionary<string, AnswerSet>(StringComparer.Ordinal);
        var problems = new List<AnswerProblem>();
        if (body.Answers is null)
        {
            problems.Add(new AnswerProblem("(body)", null, "needs \"answers\": an object with one entry per questionnaire"));
            return (answers, problems);
        }

        foreach (var instrument in body.Answers.Select(a => (Name: a.Key, a.Value)))
        {
            var choices = new Dictionary<string, int>(StringComparer.Ordinal);
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            IEnumerable<(string Item, JsonElement Value)> items = instrument.Value.ValueKind switch
            {
                JsonValueKind.Array => instrument.Value.EnumerateArray().Select((v, i) => ((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), v)),
                JsonValueKind.Object => instrument.Value.EnumerateObject().Select(p => (p.Name, p.Value)),
                _ => [],
            };
            if (instrument.Value.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
            {
                problems.Add(new AnswerProblem(instrument.Name, null, "must be a list of values or an object of item ids and values"));
                continue;
            }

            foreach (var (item, value) in items)
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.Number when value.TryGetInt32(out var number):
                        choices[item] = number;
                        break;
                    case JsonValueKind.String:
                        texts[item] = value.GetString()!;
                        break;
                    case JsonValueKind.Null:
                        break; // unanswered: reported as missing if the item is required
                    default:
                        problems.Add(new AnswerProblem(instrument.Name, item, "must be a whole number (or text for a text item)"));
                        break;
                }
            }

            answers[instrument.Name] = new AnswerSet(choices, texts);
        }

        return (answers, problems);
    }
}
