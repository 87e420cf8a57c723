using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;

namespace Outcomes.Practice;

/// <summary>
/// Writes a client's summary (the therapist's view of them) from their records. Every writer reads
/// the client's file after its own write, and the store keeps the summary of the newest file it is
/// given (<see cref="ClientFile.Revision"/>), so concurrent writers end with the latest picture
/// whatever order they finish in.
/// </summary>
public sealed class ClientSummaries(IClientRecords clientRecords, ICaseloads caseloads, InstrumentCatalog instruments, PracticeSettings settings)
{
    /// <summary>Reads the client's records and writes their summary; nothing when the client has no response yet.</summary>
    public async Task<ClientFile> RefreshAsync(string clientId, CancellationToken cancellationToken)
    {
        var file = await clientRecords.ReadClientFileAsync(clientId, cancellationToken);
        if (Compose(file) is { } summary)
        {
            await caseloads.UpsertSummaryAsync(summary, file.Revision, cancellationToken);
        }

        return file;
    }

    /// <summary>The summary as of the client's latest response, or null before the first.</summary>
    public ClientSummary? Compose(ClientFile file)
    {
        if (file.Responses.Count == 0 || file.Profile is null)
        {
            return null;
        }

        var latest = file.Responses.MaxBy(r => r.SubmittedAt)!;
        var progress = ClientProgress.Assess(file.History(instruments, latest.SubmittedAt), instruments, missedInRow: 0, settings.Clinical);
        var byInstrument = progress.Instruments.ToDictionary(
            p => p.Instrument.Id,
            p => new InstrumentSummary(p.Change.Baseline.Score, p.Change.Latest.Score, p.Instrument.BandFor(p.Change.Latest.Score)?.Label, p.Change.ReliableChange?.ToString(), p.NotOnTrack) { Series = p.Series });
        return new ClientSummary(
            file.Profile.TherapistId,
            file.Profile.Id,
            file.Profile.DisplayCode,
            latest.SubmittedAt,
            file.Responses.Count,
            byInstrument,
            progress.Openness?.Direction.ToString())
        {
            Findings = progress.Findings,
            Alerts = file.Alerts,
            ProgressSeenAt = file.ProgressSeen?.At,
        };
    }
}
