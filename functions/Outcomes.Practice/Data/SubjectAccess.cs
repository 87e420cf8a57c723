using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Scoring;

namespace Outcomes.Practice.Data;

/// <summary>One check-in as the client gave it: its response id, number (from 1), when, the answers and the scores made from them with the current rules.</summary>
public sealed record CheckInRecord(string ResponseId, int Number, DateTimeOffset SubmittedAt, IReadOnlyDictionary<string, AnswerSet> Answers, IReadOnlyList<InstrumentScore> Scores)
{
    /// <summary>
    /// The client's check-ins, oldest first, scored with the current rules. Answers on an instrument the
    /// clinic has since removed are kept as given, unscored: data going out must not stop at them.
    /// </summary>
    public static IReadOnlyList<CheckInRecord> Of(ClientFile file, InstrumentCatalog instruments) =>
        file.Responses
            .OrderBy(r => r.SubmittedAt)
            .Select((r, i) => new CheckInRecord(
                r.ResponseId,
                i + 1,
                r.SubmittedAt,
                r.Answers,
                r.Answers
                    .Where(a => instruments.TryGet(a.Key, out _))
                    .OrderBy(a => a.Key, StringComparer.Ordinal)
                    .Select(a => InstrumentScoring.Score(instruments[a.Key], a.Value))
                    .ToList()))
            .ToList();
}

/// <summary>Everything the practice holds about one client, for a request under data-protection law.</summary>
public sealed record ClientData(
    ClientProfile Client,
    IReadOnlyList<Invitation> Invitations,
    IReadOnlyList<CheckInRecord> CheckIns,
    IReadOnlyList<AlertRecord> Alerts,
    IReadOnlyList<EmailAbout> Emails,
    DateTimeOffset At);

/// <summary>Subject access: one client's own data — answers, scores, alerts, links and emails about them — read for an admin, and audited.</summary>
public sealed class SubjectAccess(IClientRecords clientRecords, IPersonalData personalData, IAuditLog audit, InstrumentCatalog instruments, TimeProvider time)
{
    public async Task<ClientData> ReadAsync(string clientId, string actor, CancellationToken cancellationToken)
    {
        var file = PracticeAdministration.IsId(clientId) ? await clientRecords.ReadClientFileAsync(clientId, cancellationToken) : null;
        var client = file?.Profile ?? throw new NotFoundException($"No client '{clientId}'.");
        var now = time.GetUtcNow();
        await audit.AppendAsync(new AuditEntry(now, actor, AuditActions.ClientDataRead, client.Id, "subject access: the client's data"), cancellationToken);

        var checkIns = CheckInRecord.Of(file, instruments);
        var emails = await personalData.EmailsAboutAsync(client, cancellationToken);
        return new ClientData(client, file.Invitations.OrderBy(i => i.IssuedAt).ToList(), checkIns, file.Alerts.OrderBy(a => a.RaisedAt).ToList(), emails, now);
    }
}
