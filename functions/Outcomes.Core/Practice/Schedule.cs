namespace Outcomes.Core.Practice;

public enum DueKind
{
    Invitation,
    Reminder,
}

/// <summary>
/// Something to send a client at a time: the next invitation, or a reminder for an unanswered one.
/// The schedule holds only what is due, so a run reads what is due and never every client.
/// </summary>
public sealed record DueItem(DateTimeOffset DueAt, string ClientId, DueKind Kind, DateOnly Cycle, string? Link = null, string? TokenHash = null);

/// <summary>The schedule of invitations and reminders (a table in Azure).</summary>
public interface ISchedule
{
    /// <summary>Adds the item; the same item twice is kept once.</summary>
    Task AddAsync(DueItem item, CancellationToken cancellationToken);

    /// <summary>Every item due at or before <paramref name="upTo"/>, oldest first.</summary>
    Task<IReadOnlyList<DueItem>> DueAsync(DateTimeOffset upTo, CancellationToken cancellationToken);

    Task RemoveAsync(DueItem item, CancellationToken cancellationToken);
}
