namespace Outcomes.Api;

/// <summary>Settings of the pages clients see (configuration section <c>Outcomes</c>).</summary>
public sealed record ApiSettings
{
    /// <summary>Shown on the thank-you page after a risk answer; a default naming emergency numbers is used when empty.</summary>
    public string? CrisisText { get; init; }
}
