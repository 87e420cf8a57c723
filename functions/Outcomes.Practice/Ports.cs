namespace Outcomes.Practice;

/// <summary>
/// A client's record (Azure Table Storage in production, one partition per client): profile, links,
/// responses, scores and alerts. Writes that belong together are one transaction.
/// </summary>
public interface IClientRecords
{
    /// <summary>
    /// Stores the client's profile; true when it is written now, false when this very client is
    /// there already (an enrolment finished again after an interruption). A different client under
    /// the id is a <see cref="ConflictException"/>.
    /// </summary>
    Task<bool> AddProfileAsync(ClientProfile client, CancellationToken cancellationToken);

    /// <summary>Puts the client on their therapist's caseload (their empty summary): the last step of an enrolment, so a client on a caseload is complete.</summary>
    Task PutOnCaseloadAsync(ClientProfile client, CancellationToken cancellationToken);

    Task<ClientProfile?> FindClientAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Sets the client's status on their profile (with <paramref name="at"/> as the discharge time, when discharged) and in their summary.</summary>
    Task SetClientStatusAsync(ClientProfile client, ClientStatus status, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Sets what the client is shown of their progress (null: the practice's default).</summary>
    Task SetProgressSharingAsync(ClientProfile client, ProgressSharing? sharing, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the client saw their progress page at <paramref name="at"/>, over <paramref name="current"/>
    /// (null: never seen before). False when another view was recorded in the meantime (nothing is written then).
    /// </summary>
    Task<bool> RecordProgressSeenAsync(string clientId, DateTimeOffset at, ProgressSeen? current, CancellationToken cancellationToken);

    /// <summary>Changes what the client is asked and how often; links already sent stay as they were.</summary>
    Task ChangeQuestionnairesAsync(ClientProfile client, IReadOnlyList<string> instruments, int cadenceDays, CancellationToken cancellationToken);

    /// <summary>Every client's profile: one query over the practice (for exports and retention, not for any request path).</summary>
    Task<IReadOnlyList<ClientProfile>> ListClientsAsync(CancellationToken cancellationToken);

    Task AddInvitationAsync(Invitation invitation, CancellationToken cancellationToken);

    /// <summary>Takes back a link that was never handed out (its issuing failed half-way).</summary>
    Task RemoveInvitationAsync(Invitation invitation, CancellationToken cancellationToken);

    /// <summary>Ends every link of the client not yet answered (at discharge): they then find nothing, like any dead link.</summary>
    Task CloseOpenInvitationsAsync(string clientId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Moves a client to another therapist: their profile names the new one and their summary moves to the new caseload; their records stay as they are.</summary>
    Task ReassignClientAsync(ClientProfile client, string therapistId, CancellationToken cancellationToken);

    Task<Invitation?> FindInvitationAsync(string clientId, string tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the response, marks its invitation used and records the response as awaiting its
    /// scoring, atomically. False when the invitation was used in the meantime (nothing is written then).
    /// </summary>
    Task<bool> RecordResponseAsync(StoredResponse response, Invitation invitation, CancellationToken cancellationToken);

    /// <summary>Every response of any client still awaiting its scoring that was submitted before <paramref name="submittedBefore"/>: for the redrive, not for any request path.</summary>
    Task<IReadOnlyList<AwaitingScoring>> ListAwaitingScoringAsync(DateTimeOffset submittedBefore, CancellationToken cancellationToken);

    /// <summary>Notes on a response's awaiting row that it was asked for again, and when it may be next; nothing when it was scored meanwhile.</summary>
    Task NoteRedriveAsync(ScoreRequest request, int redrives, DateTimeOffset nextRedriveAt, CancellationToken cancellationToken);

    /// <summary>Profile, invitations, responses, scores and alerts of one client: one partition query.</summary>
    Task<ClientFile> ReadClientFileAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a response's scores and the alerts it raises and — when it was <paramref name="awaited"/>
    /// (<see cref="ClientFile.AwaitingScoring"/>) — ends its awaiting, atomically. False when the
    /// response was already scored (nothing is written then).
    /// </summary>
    Task<bool> RecordScoringAsync(ScoreRecord score, IReadOnlyList<AlertRecord> alerts, bool awaited, CancellationToken cancellationToken);

    /// <summary>
    /// Records a risk alert's progress (emailed, acknowledged, escalated), only if the alert is still
    /// at <see cref="AlertRecord.Version"/>. False when someone changed it in the meantime.
    /// </summary>
    Task<bool> UpdateAlertAsync(AlertRecord alert, CancellationToken cancellationToken);
}

/// <summary>
/// Therapists' caseloads (one partition per therapist): each client's summary, the display codes in
/// use, and the claim on a warning email under way.
/// </summary>
public interface ICaseloads
{
    /// <summary>
    /// Reserves a display code among the therapist's clients for <paramref name="clientId"/>. False when
    /// another current client of the therapist has it (a reservation whose client no longer holds the
    /// code is taken over).
    /// </summary>
    Task<bool> ReserveDisplayCodeAsync(string therapistId, string displayCode, string clientId, CancellationToken cancellationToken);

    /// <summary>Gives up the client's reservation of a display code with a therapist (after a move).</summary>
    Task ReleaseDisplayCodeAsync(string therapistId, string displayCode, string clientId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the clinical part of a client's summary, leaving the rest as it is, unless the summary
    /// stored was made from a newer read of the client's records (a higher <paramref name="revision"/>).
    /// </summary>
    Task UpsertSummaryAsync(ClientSummary summary, long revision, CancellationToken cancellationToken);

    /// <summary>Notes a newly issued link in the client's summary, for counting missed check-ins. False when other writes kept getting in first.</summary>
    Task<bool> RecordInvitationInSummaryAsync(Invitation invitation, CancellationToken cancellationToken);

    /// <summary>A therapist's clients' summaries and any warning email under way: one partition query.</summary>
    Task<Caseload> ReadCaseloadAsync(string therapistId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a warning email for the therapist before it is sent, only if nothing changed the
    /// claim since <paramref name="caseload"/> was read. False when another run claimed (or finished
    /// a claim) in the meantime: its view of what is new may be stale.
    /// </summary>
    Task<bool> ClaimWarningEmailAsync(Caseload caseload, PendingWarnings pending, CancellationToken cancellationToken);

    /// <summary>After the email is in the outbox: marks its warnings sent and closes the claim, in one transaction.</summary>
    Task CompleteWarningEmailAsync(Caseload caseload, PendingWarnings pending, CancellationToken cancellationToken);
}

/// <summary>The clinic's therapists.</summary>
public interface ITherapists
{
    Task AddTherapistAsync(Therapist therapist, CancellationToken cancellationToken);

    Task<Therapist?> FindTherapistAsync(string therapistId, CancellationToken cancellationToken);

    /// <summary>Every therapist of the clinic: one query.</summary>
    Task<IReadOnlyList<Therapist>> ListTherapistsAsync(CancellationToken cancellationToken);

    /// <summary>Changes when the therapist's weekly digest comes and where their good news goes.</summary>
    Task ChangeDigestAsync(string therapistId, DayOfWeek digestDay, int digestHour, ProgressEmails progressEmails, CancellationToken cancellationToken);

    /// <summary>Notes that the scheduled digest for the therapist's local date <paramref name="slot"/> is sent.</summary>
    Task RecordDigestSentAsync(string therapistId, DateOnly slot, CancellationToken cancellationToken);
}

/// <summary>A therapist's caseload as the digest and the warning run read it; <see cref="ClaimVersion"/> is the store's tag of the warning claim.</summary>
public sealed record Caseload(string TherapistId, IReadOnlyList<ClientSummary> Clients, PendingWarnings? Pending, string? ClaimVersion = null);

/// <summary>A warning email being sent: its outbox key and the warnings (client id, alert key) it carries.</summary>
public sealed record PendingWarnings(string EmailKey, DateTimeOffset At, IReadOnlyList<WarningRef> Warnings);

public sealed record WarningRef(string ClientId, string AlertKey);

/// <summary>The work queues (Azure Queue Storage in production). Messages carry ids, never data.</summary>
public interface IWorkQueues
{
    /// <summary>Queues a scoring request for a response already stored.</summary>
    Task RequestScoringAsync(ScoreRequest request, CancellationToken cancellationToken);

    Task RequestAlertAsync(AlertRequest request, CancellationToken cancellationToken);

    /// <summary>Queues an outbox email on its lane (urgent: risk alerts; otherwise bulk), visible at once or after <paramref name="delay"/>.</summary>
    Task RequestEmailAsync(Email.EmailRequest request, bool urgent, CancellationToken cancellationToken, TimeSpan? delay = null);

    /// <summary>How many messages each queue has given up on (its poison queue), by queue.</summary>
    Task<IReadOnlyDictionary<string, int>> CountPoisonedAsync(CancellationToken cancellationToken);
}

/// <summary>Storage could not be reached or failed; the operation can be retried.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
