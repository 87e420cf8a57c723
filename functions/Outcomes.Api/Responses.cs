using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outcomes.Practice;

namespace Outcomes.Api;

/// <summary>The API's answers, the same from every handler.</summary>
internal static class Responses
{
    public static ObjectResult BadRequest(IEnumerable<Problem> problems) =>
        new(new { errors = problems.Select(p => new { field = p.Field, message = p.Message }) }) { StatusCode = StatusCodes.Status400BadRequest };

    public static ObjectResult NotFound(string message) => new(new { error = message }) { StatusCode = StatusCodes.Status404NotFound };

    /// <summary>Storage is down: nothing was changed, and the same request can simply be sent again.</summary>
    public static IActionResult Unavailable(HttpResponse response)
    {
        response.Headers.RetryAfter = "30";
        return new ObjectResult(new { error = "The service is briefly unavailable; nothing was saved. Please try again in a minute." })
        {
            StatusCode = StatusCodes.Status503ServiceUnavailable,
        };
    }
}
