namespace Outcomes.Practice;

public enum DueKind
{
    Invitation,
    Reminder,

    /// <summary>A risk alert to pass to the duty contact if nobody has acknowledged it by then.</summary>
    Escalation,
}

/// <summary>The schedule's two lists: what clients are sent, and risk alerts waiting for acknowledgement.</summary>
public enum DueList
{
    Invitations,
    Escalations,
}

/// <summary>
/// Something to send a client at a time: the next invitation, or a reminder for an unanswered one.
/// The schedule holds only what is due, so a run reads what is due and never every client. A
/// reminder keeps the link's hash and the salt it was derived from, never the link itself.
/// </summary>
public sealed record DueItem(DateTimeOffset DueAt, string ClientId, DueKind Kind, DateOnly Cycle, string? LinkSalt = null, string? TokenHash = null, string? AlertKey = null)
{
    public DueList List => Kind == DueKind.Escalation ? DueList.Escalations : DueList.Invitations;
}

/// <summary>The schedule of invitations and reminders (a table in Azure).</summary>
public interface ISchedule
{
    /// <summary>Adds the item; the same item twice is kept once.</summary>
    Task AddAsync(DueItem item, CancellationToken cancellationToken);

    /// <summary>Every item of <paramref name="list"/> due at or before <paramref name="upTo"/>, oldest first.</summary>
    Task<IReadOnlyList<DueItem>> DueAsync(DateTimeOffset upTo, DueList list, CancellationToken cancellationToken);

    Task RemoveAsync(DueItem item, CancellationToken cancellationToken);
}
