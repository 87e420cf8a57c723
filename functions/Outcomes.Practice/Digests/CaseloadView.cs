using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;

namespace Outcomes.Practice.Digests;

/// <summary>What the caseload page shows: the digest as of now, and the breakthroughs in the client's own words.</summary>
public sealed record CaseloadSnapshot(Digest Digest, IReadOnlyDictionary<string, string> Breakthroughs);

/// <summary>
/// A therapist's caseload as the portal shows it: the digest's sections as of now, and the
/// client's own words about a breakthrough (shown in the signed-in portal, never in an email).
/// </summary>
public sealed class CaseloadView(IClientRecords clientRecords, ICaseloads caseloads, ITherapists therapists, InstrumentCatalog instruments, Data.IAuditLog audit, PracticeSettings settings, TimeProvider time)
{
    /// <summary>The caseload of <paramref name="therapistId"/>, read by <paramref name="actor"/> (audited); null when no such therapist.</summary>
    public async Task<CaseloadSnapshot?> ReadAsync(string therapistId, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await therapists.FindTherapistAsync(therapistId, cancellationToken) is not { } therapist)
        {
            return null;
        }

        var caseload = await caseloads.ReadCaseloadAsync(therapist.Id, cancellationToken);
        var digest = Digest.Build(therapist, caseload.Clients, now, settings);
        var breakthroughs = new Dictionary<string, string>();
        foreach (var client in digest.Improving.Concat(digest.NeedsAttention).Where(c => c.Summary.Findings.Any(f => f.Kind == FindingKind.Breakthrough)))
        {
            if (ClientOutcomes.BreakthroughWords(await clientRecords.ReadClientFileAsync(client.Summary.ClientId, cancellationToken), instruments) is { Length: > 0 } words)
            {
                breakthroughs[client.Summary.ClientId] = words;
            }
        }

        await audit.AppendAsync(
            new Data.AuditEntry(now, actor, Data.AuditActions.CaseloadViewed, null, $"caseload of therapist {therapist.Id}: {digest.Clients} clients, the own words of {breakthroughs.Count}"),
            cancellationToken);
        return new CaseloadSnapshot(digest, breakthroughs);
    }
}
