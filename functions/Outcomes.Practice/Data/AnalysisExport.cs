using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Outcomes.Clinical.Instruments;
using Outcomes.Practice.Alerts;

namespace Outcomes.Practice.Data;

/// <summary>How an export names clients: by a pseudonym (the default) or by display code.</summary>
public enum ExportIds
{
    /// <summary>"p-" and 12 hex digits of an HMAC of the client's id under the practice's key: the same client, the same pseudonym, in every export; nothing to read back.</summary>
    Pseudonym,

    DisplayCode,
}

/// <summary>One client's scores on one instrument, in check-in order (from 1).</summary>
public sealed record ExportSeries(string Id, IReadOnlyList<(DateTimeOffset At, double Score)> Scores);

/// <summary>
/// The practice's scores on one instrument, for `outcomes analyze`: one series per client with at
/// least one check-in on it, ordered by id.
/// </summary>
public sealed record InstrumentExport(Instrument Instrument, IReadOnlyList<ExportSeries> Clients)
{
    public int MaxCheckIns => Clients.Count == 0 ? 0 : Clients.Max(c => c.Scores.Count);
}

/// <summary>Reads every client's answers, scores them afresh with the current rules, and lays them out per instrument.</summary>
public sealed class AnalysisExport(IClientRecords clientRecords, InstrumentCatalog instruments, ILinkKey linkKey, IAuditLog audit, TimeProvider time)
{
    /// <summary>The practice's scores on the instrument, or one therapist's caseload's (<paramref name="therapistId"/>).</summary>
    public async Task<InstrumentExport> ExportAsync(string instrumentId, ExportIds ids, string? therapistId, string actor, CancellationToken cancellationToken)
    {
        if (therapistId is not null && !PracticeAdministration.IsId(therapistId))
        {
            throw new InvalidRequestException([new("therapist", "a therapist id (32 hex digits)")]);
        }

        if (!instruments.TryGet(instrumentId, out var instrument))
        {
            throw new NotFoundException($"No instrument '{Problem.Excerpt(instrumentId)}' ({string.Join(", ", instruments.All.Select(i => i.Id).Order())}).");
        }

        var key = await linkKey.GetAsync(cancellationToken);
        var series = new List<ExportSeries>();
        foreach (var client in (await clientRecords.ListClientsAsync(cancellationToken)).Where(c => therapistId is null || c.TherapistId == therapistId))
        {
            var file = await clientRecords.ReadClientFileAsync(client.Id, cancellationToken);
            var scores = ScoresOn(CheckInRecord.Of(file, instruments), instrument);
            if (scores.Count > 0)
            {
                series.Add(new ExportSeries(ids == ExportIds.DisplayCode ? client.DisplayCode : Pseudonym(key, client.Id), scores));
            }
        }

        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), actor, AuditActions.PracticeExported, null, $"{instrument.Id} scores of {series.Count} clients{(therapistId is null ? "" : $" of therapist {therapistId}")}, by {ids}"), cancellationToken);
        return new InstrumentExport(instrument, series.OrderBy(s => s.Id, StringComparer.Ordinal).ToList());
    }

    /// <summary>A client's scores on one measure in check-in order (their check-ins scored afresh with the current rules): what an export lays out, and what expected recovery learns from.</summary>
    public static List<(DateTimeOffset At, double Score)> ScoresOn(IReadOnlyList<CheckInRecord> checkIns, Instrument instrument) =>
        checkIns
            .SelectMany(c => c.Scores.Where(s => s.InstrumentId == instrument.Id).Select(s => (c.SubmittedAt, s.Primary)))
            .ToList();

    /// <summary>A stable pseudonym: HMAC-SHA256 of "export|{client id}" under the practice's key, first 12 hex digits.</summary>
    public static string Pseudonym(byte[] key, string clientId) =>
        "p-" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("export|" + clientId)))[..12];

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
