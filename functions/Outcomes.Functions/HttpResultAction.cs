using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Outcomes.Functions;

/// <summary>
/// Runs a handler's typed result (<see cref="IResult"/>, as the local host's minimal APIs run it)
/// where the Functions worker's ASP.NET Core integration expects an <see cref="IActionResult"/>.
/// </summary>
public sealed class HttpResultAction(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
