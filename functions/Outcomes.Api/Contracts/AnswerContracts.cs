using System.Text.Json;

namespace Outcomes.Api.Contracts;

/// <summary>
/// <c>POST api/q/{token}</c>: one entry per questionnaire of the link. A list gives items 1..n in
/// order (<c>"phq9": [1, 0, 2, …]</c>); an object gives items by id, numbers for choices and text
/// for text items (<c>"checkin": {"1": 3, "7text": "…"}</c>).
/// </summary>
public sealed record SubmitAnswersRequest(IReadOnlyDictionary<string, JsonElement>? Answers);

/// <summary>The answers were stored; scoring follows within seconds.</summary>
/// <param name="RiskAnswer">Whether an answer asks for the clinic's attention at once (the client is shown crisis resources).</param>
public sealed record AnswersReceived(string ResponseId, bool RiskAnswer);

/// <summary>One problem with submitted answers: the questionnaire, the item (when it is about one) and what is wrong.</summary>
public sealed record AnswerProblemDetail(string Instrument, string? Item, string Message);

/// <summary>One problem with a request field.</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>A 400's problem details (RFC 9457) with every problem with the request's fields.</summary>
public sealed record FieldProblems(string? Type, string? Title, int Status, string? Detail, IReadOnlyList<FieldProblem> Errors);

/// <summary>A 400's problem details (RFC 9457) with every problem with the submitted answers.</summary>
public sealed record AnswerProblems(string? Type, string? Title, int Status, string? Detail, IReadOnlyList<AnswerProblemDetail> Errors);
