namespace Outcomes.Api;

/// <summary>Settings of the HTTP API.</summary>
public sealed record ApiSettings
{
    /// <summary>The public address clients open links on (e.g. https://outcomes.clinic.example); the request's own when empty.</summary>
    public string? PublicBaseUrl { get; init; }
}
