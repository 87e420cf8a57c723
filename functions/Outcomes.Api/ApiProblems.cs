using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Outcomes.Api.Contracts;
using Outcomes.Practice;

namespace Outcomes.Api;

/// <summary>
/// Every error the API gives, as RFC 9457 problem details (<c>application/problem+json</c>): a
/// status, a title, a detail a person can act on, and for a bad request every problem found, each
/// naming its field (<c>errors</c>). Nothing was changed by a request that gets one of these.
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult Invalid(IEnumerable<Problem> problems) =>
        Create(StatusCodes.Status400BadRequest, "The request has problems; nothing was changed.", problems.Select(p => new FieldProblem(p.Field, p.Message)).ToList());

    public static ProblemHttpResult Invalid(string field, string message) => Invalid([new Problem(field, message)]);

    /// <summary>Answers that cannot be stored as given, each problem naming its questionnaire and item.</summary>
    public static ProblemHttpResult InvalidAnswers(IEnumerable<AnswerProblemDetail> problems) =>
        Create(StatusCodes.Status400BadRequest, "Some answers need attention; nothing was saved.", problems.ToList());

    /// <summary>A caseload file that cannot be imported: every problem, with its line and column.</summary>
    public static ProblemHttpResult InvalidFile(IEnumerable<Practice.Data.ImportProblem> problems) =>
        Create(StatusCodes.Status400BadRequest, "The file has problems; nothing was imported.", problems.Select(p => new CellProblem(p.Line, p.Column, p.Message)).ToList());

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, detail);

    public static ProblemHttpResult UnsupportedMediaType(string type = "JSON (Content-Type: application/json)") =>
        Create(StatusCodes.Status415UnsupportedMediaType, $"The request body must be {type}.");

    public static ProblemHttpResult TooLarge(int maxBytes = RequestBody.MaxBytes) =>
        Create(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBytes / 1024} KiB.");

    public static ProblemHttpResult Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, detail);

    /// <summary>Storage is down: nothing was changed, and the same request can simply be sent again.</summary>
    public static ProblemHttpResult Unavailable(HttpResponse response)
    {
        response.Headers.RetryAfter = "30";
        return Create(StatusCodes.Status503ServiceUnavailable, "The service is briefly unavailable; nothing was saved. Please try again in a minute.");
    }

    private static ProblemHttpResult Create<T>(int status, string detail, IReadOnlyList<T> errors)
    {
        var problem = Details(status, detail);
        problem.Extensions["errors"] = errors;
        return TypedResults.Problem(problem);
    }

    private static ProblemHttpResult Create(int status, string detail) => TypedResults.Problem(Details(status, detail));

    private static ProblemDetails Details(int status, string detail) => new() { Status = status, Detail = detail };
}
