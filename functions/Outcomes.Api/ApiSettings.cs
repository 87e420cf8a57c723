namespace Outcomes.Api;

/// <summary>Settings of the HTTP API.</summary>
public sealed record ApiSettings
{
    /// <summary>The public address clients open links on (e.g. https://outcomes.clinic.example); the request's own when empty.</summary>
    public string? PublicBaseUrl { get; init; }

    /// <summary>The public address, for links made outside a request (timers, queues).</summary>
    public string RequirePublicBaseUrl() =>
        PublicBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : throw new InvalidOperationException("Outcomes__PublicBaseUrl is not set; links in emails need it.");

    /// <summary>Shown on the thank-you page after a risk answer; a default naming emergency numbers is used when empty.</summary>
    public string? CrisisText { get; init; }
}
