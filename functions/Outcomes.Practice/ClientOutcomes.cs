using Outcomes.Clinical.Progress;

namespace Outcomes.Practice;

/// <summary>A client's outcomes as a therapist or admin reads them: recomputed from the raw answers.</summary>
public sealed record ClientOutcomesReport(ClientProfile Client, ClientProgress Progress, IReadOnlyList<AlertRecord> Alerts, int Responses, int Unscored, int MissedInRow);

public sealed class ClientOutcomes(IClientRecords clientRecords, Clinical.Instruments.InstrumentCatalog instruments, Data.IAuditLog audit, PracticeSettings settings, TimeProvider time)
{
    /// <summary>The client's outcomes, read by <paramref name="actor"/> (in the audit log).</summary>
    public async Task<ClientOutcomesReport> ReadAsync(string clientId, string actor, CancellationToken cancellationToken)
    {
        var file = PracticeAdministration.IsId(clientId) ? await clientRecords.ReadClientFileAsync(clientId, cancellationToken) : null;
        var profile = file?.Profile ?? throw new NotFoundException($"No client '{clientId}'.");
        await audit.AppendAsync(new Data.AuditEntry(time.GetUtcNow(), actor, Data.AuditActions.ClientOutcomesRead, profile.Id, "outcomes: scores, findings and alerts"), cancellationToken);

        var history = file.History(instruments, DateTimeOffset.MaxValue);
        var missed = MissedInRow(file, time.GetUtcNow());
        var progress = ClientProgress.Assess(history, instruments, missed, settings.Clinical);
        var unscored = file.Responses.Count(r => file.Scores.All(s => s.ResponseId != r.ResponseId));
        return new ClientOutcomesReport(profile, progress, file.Alerts, file.Responses.Count, unscored, missed);
    }

    /// <summary>Invitations that expired unanswered since the latest response (clinical.md, missed check-ins).</summary>
    public static int MissedInRow(ClientFile file, DateTimeOffset now) =>
        MissedCheckIns.InRow(
            file.Invitations.Select(i => new IssuedInvitation(i.IssuedAt, i.ExpiresAt)),
            file.Responses.Count == 0 ? null : file.Responses.Max(r => r.SubmittedAt),
            now);
}
