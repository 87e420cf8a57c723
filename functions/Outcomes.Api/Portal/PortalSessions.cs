namespace Outcomes.Api.Portal;

/// <summary>The portal's sessions as the server keeps them: what signing out ends, and what an admin ends for a lost laptop.</summary>
public interface IPortalSessions
{
    /// <summary>Ends every session of the person signed in as <paramref name="email"/>, on every device; returns how many.</summary>
    Task<int> EndAllAsync(string email, CancellationToken cancellationToken);
}
