using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Instruments;
using Outcomes.Practice.Alerts;

namespace Outcomes.Practice;

/// <summary>What a progress link opens.</summary>
public enum ProgressOpening
{
    /// <summary>The client's progress, to show once the person holding the link has asked for it.</summary>
    Shown,

    /// <summary>Forged, altered, ended, or the client is gone: one answer for all, revealing nothing.</summary>
    Ended,

    /// <summary>A genuine link of a client whose therapist does not share progress (now).</summary>
    NotShared,
}

/// <summary>
/// A client's own progress page, reached only through their own link: the questionnaire link they
/// answered (until it ends) or the sealed progress link of a milestone email, which ends with it. No
/// account and no lasting credential: a page that shows progress needs, besides the link, a session
/// of <see cref="SessionLifetime"/> that only a button press (a POST, which link scanners do not make)
/// or the answering itself begins.
/// </summary>
public sealed class ProgressPages(
    IClientRecords clientRecords,
    ClientSummaries summaries,
    InstrumentCatalog instruments,
    PracticeSettings settings,
    ILinkKey linkKey,
    PublicLinks links,
    TimeProvider time,
    ILogger<ProgressPages> logger)
{
    public const string LinkPurpose = "progress";
    public const string SessionPurpose = "progress-session";

    /// <summary>How long one press of "show my progress" (or one answer) shows it in that browser.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Until when an answered link shows progress: as long as it shows its confirmation.</summary>
    public static DateTimeOffset Until(Invitation answered) =>
        answered.UsedAt is { } used && used + Invitation.ConfirmationAfterAnswer > answered.ExpiresAt ? used + Invitation.ConfirmationAfterAnswer : answered.ExpiresAt;

    /// <summary>The sealed progress token of an answered link: it names neither client nor link to whoever sees it.</summary>
    public async Task<string> TokenAsync(Invitation answered, CancellationToken cancellationToken) =>
        SignedLink.Create(await linkKey.GetAsync(cancellationToken), LinkPurpose, Until(answered), answered.ClientId, answered.TokenHash);

    public async Task<string> LinkAsync(Invitation answered, CancellationToken cancellationToken) => links.Progress(await TokenAsync(answered, cancellationToken));

    /// <summary>A session for the client's progress in this browser, begun by a POST.</summary>
    public async Task<string> BeginSessionAsync(string clientId, CancellationToken cancellationToken) =>
        SignedLink.Create(await linkKey.GetAsync(cancellationToken), SessionPurpose, time.GetUtcNow() + SessionLifetime, clientId);

    public async Task<bool> IsSessionOfAsync(string? session, string clientId, CancellationToken cancellationToken) =>
        session is not null && SignedLink.Verify(await linkKey.GetAsync(cancellationToken), session, SessionPurpose, time.GetUtcNow()) is [var id] && id == clientId;

    /// <summary>What a progress token opens, with the client's file when it is theirs to see.</summary>
    public async Task<(ProgressOpening Opening, ClientFile? File)> OpenAsync(string token, CancellationToken cancellationToken)
    {
        if (SignedLink.Verify(await linkKey.GetAsync(cancellationToken), token, LinkPurpose, time.GetUtcNow()) is not [var clientId, var tokenHash])
        {
            return (ProgressOpening.Ended, null);
        }

        var file = await clientRecords.ReadClientFileAsync(clientId, cancellationToken);
        var link = file.Invitations.FirstOrDefault(i => i.TokenHash == tokenHash);
        if (file.Profile is null || link is null || !link.ShowsConfirmation(time.GetUtcNow()))
        {
            return (ProgressOpening.Ended, null);
        }

        return settings.SharingOf(file.Profile) == ProgressSharing.NotShared ? (ProgressOpening.NotShared, null) : (ProgressOpening.Shown, file);
    }

    /// <summary>The file behind an answered questionnaire link when its client is shown their progress; otherwise null.</summary>
    public async Task<ClientFile?> SharedAsync(Invitation answered, CancellationToken cancellationToken)
    {
        var file = await clientRecords.ReadClientFileAsync(answered.ClientId, cancellationToken);
        return file.Profile is { } client && settings.SharingOf(client) != ProgressSharing.NotShared ? file : null;
    }

    /// <summary>
    /// The page as the client sees it, noting that they saw it (once for what is new since they last
    /// did), so that their therapist knows what to celebrate with them. Not being able to note it
    /// does not keep the page from the client.
    /// </summary>
    public async Task<ClientProgressView> ShowAsync(ClientFile file, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var view = ClientProgressView.Of(file, instruments, settings, now);
        try
        {
            await NoteSeenAsync(file, now, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogWarning(ex, "Could not note that client {ClientId} saw their progress page", file.Profile!.Id);
        }

        return view;
    }

    /// <summary>The same page for the client's therapist (a preview): nothing is noted.</summary>
    public ClientProgressView Preview(ClientFile file) => ClientProgressView.Of(file, instruments, settings, time.GetUtcNow());

    private async Task NoteSeenAsync(ClientFile file, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var clientId = file.Profile!.Id;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            // Only what is new since the last view is worth a write: a reload writes nothing.
            var latest = file.Responses.Select(r => r.SubmittedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            if (file.ProgressSeen is { } seen && seen.At >= latest)
            {
                return;
            }

            if (await clientRecords.RecordProgressSeenAsync(clientId, now, file.ProgressSeen, cancellationToken))
            {
                await summaries.RefreshAsync(clientId, cancellationToken);
                return;
            }

            // Another view was noted at the same moment: read what is there before deciding anything.
            file = await clientRecords.ReadClientFileAsync(clientId, cancellationToken);
        }

        logger.LogWarning("Client {ClientId}'s progress view met other writes three times; not noted", clientId);
    }
}
