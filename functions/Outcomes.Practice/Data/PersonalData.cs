using Outcomes.Practice.Email;

namespace Outcomes.Practice.Data;

/// <summary>
/// Where a client's personal data is kept beyond their own records: their summary and display code
/// in the caseload, their schedule, the outbox, the queues and the audit log. What erasure removes
/// and subject access reads.
/// </summary>
public interface IPersonalData
{
    /// <summary>
    /// Removes everything about the client from every table and queue: their records (the profile
    /// last, so that an erasure that fails half-way can be asked again), summary, display code,
    /// schedule, the emails to them or about them alone, and every queue message naming them. The
    /// therapist's emails that name them keep their other clients but lose the display code, and the
    /// audit log keeps its entries without the client's id.
    /// </summary>
    Task<ErasedRecords> EraseAsync(ClientProfile client, CancellationToken cancellationToken);

    /// <summary>The emails to or about the client, and the therapist's emails that name them.</summary>
    Task<IReadOnlyList<EmailAbout>> EmailsAboutAsync(ClientProfile client, CancellationToken cancellationToken);
}

/// <summary>What an erasure removed: rows, emails deleted, therapist emails redacted, queue messages.</summary>
public sealed record ErasedRecords(int Rows, int Emails, int RedactedEmails, int QueueMessages);

/// <summary>
/// An email in the outbox that concerns a client. <see cref="OwnEmail"/>: to the client or about them
/// alone (an invitation, a risk alert); otherwise a therapist's email that names them among others.
/// </summary>
public sealed record EmailAbout(string Key, bool OwnEmail, string Subject, DateTimeOffset CreatedAt, EmailStatus Status, DateTimeOffset? SentAt);
