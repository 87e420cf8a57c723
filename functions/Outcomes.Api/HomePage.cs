using Microsoft.AspNetCore.Http;
using Outcomes.Practice;
using Outcomes.Views.Pages;

namespace Outcomes.Api;

/// <summary>The page at the clinic's address (<c>/</c>): the portal, and the API description with what it needs.</summary>
public sealed class HomePage(HtmlPage page, PracticeSettings settings)
{
    public Task<IResult> ShowAsync(HttpRequest request) =>
        page.SendAsync<LandingPage>(request, StatusCodes.Status200OK, new() { ["ClinicName"] = settings.ClinicName });
}
