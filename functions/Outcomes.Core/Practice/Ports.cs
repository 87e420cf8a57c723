namespace Outcomes.Core.Practice;

/// <summary>Where the practice's records live (Azure Table Storage in production).</summary>
public interface IPracticeStore
{
    Task AddTherapistAsync(Therapist therapist, CancellationToken cancellationToken);

    Task<Therapist?> FindTherapistAsync(string therapistId, CancellationToken cancellationToken);

    /// <summary>Stores the client's profile and its empty summary in the therapist's partition.</summary>
    Task AddClientAsync(ClientProfile client, CancellationToken cancellationToken);

    Task<ClientProfile?> FindClientAsync(string clientId, CancellationToken cancellationToken);

    Task SetClientStatusAsync(string clientId, ClientStatus status, CancellationToken cancellationToken);

    Task AddInvitationAsync(Invitation invitation, CancellationToken cancellationToken);

    Task<Invitation?> FindInvitationAsync(string clientId, string tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the response and marks its invitation used, atomically. False when the invitation was
    /// used in the meantime (nothing is written then).
    /// </summary>
    Task<bool> RecordResponseAsync(StoredResponse response, Invitation invitation, CancellationToken cancellationToken);

    /// <summary>Profile, invitations, responses, scores and alerts of one client: one partition query.</summary>
    Task<ClientFile> ReadClientFileAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a response's scores and the alerts it raises, atomically. False when the response was
    /// already scored (nothing is written then).
    /// </summary>
    Task<bool> RecordScoringAsync(ScoreRecord score, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken);

    Task UpsertSummaryAsync(ClientSummary summary, CancellationToken cancellationToken);
}

/// <summary>The work queues (Azure Queue Storage in production). Messages carry ids, never data.</summary>
public interface IWorkQueues
{
    Task RequestScoringAsync(ScoreRequest request, CancellationToken cancellationToken);

    Task RequestAlertAsync(AlertRequest request, CancellationToken cancellationToken);

    Task RequestEmailAsync(Email.EmailRequest request, CancellationToken cancellationToken);
}

/// <summary>Storage could not be reached or failed; the operation can be retried.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
