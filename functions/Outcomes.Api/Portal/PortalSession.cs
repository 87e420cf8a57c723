namespace Outcomes.Api.Portal;

/// <summary>How long a portal session lasts.</summary>
public static class PortalSession
{
    /// <summary>A session ends 30 minutes after its last request…</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>…and 8 hours after sign-in whatever happens: then the provider is asked again.</summary>
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(8);
}

/// <summary>Whether sign-in is set up (an authority and a client id), and the provider's origin when it is another site.</summary>
public sealed record PortalSettings(bool SignInConfigured, string? SignInOrigin = null);
