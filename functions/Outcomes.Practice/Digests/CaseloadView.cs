using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;

namespace Outcomes.Practice.Digests;

/// <summary>What the caseload page shows: the digest as of now, and the breakthroughs in the client's own words.</summary>
public sealed record CaseloadSnapshot(Digest Digest, IReadOnlyDictionary<string, string> Breakthroughs);

/// <summary>
/// Reads a therapist's caseload behind a signed link from a digest or warning email. The client's
/// own words about a breakthrough are shown here, never in an email.
/// </summary>
public sealed class CaseloadView(IClientRecords clientRecords, ICaseloads caseloads, ITherapists therapists, ILinkKey linkKey, InstrumentCatalog instruments, Data.IAuditLog audit, PracticeSettings settings, TimeProvider time)
{
    /// <summary>Null when the link is forged, expired, or names no therapist.</summary>
    public async Task<CaseloadSnapshot?> ReadAsync(string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (SignedLink.Verify(await linkKey.GetAsync(cancellationToken), token, SignedLink.Caseload, now) is not [var therapistId]
            || await therapists.FindTherapistAsync(therapistId, cancellationToken) is not { } therapist)
        {
            return null;
        }

        var caseload = await caseloads.ReadCaseloadAsync(therapist.Id, cancellationToken);
        var digest = Digest.Build(therapist, caseload.Clients, now, settings);
        var breakthroughs = new Dictionary<string, string>();
        foreach (var client in digest.Improving.Concat(digest.NeedsAttention).Where(c => c.Summary.Findings.Any(f => f.Kind == FindingKind.Breakthrough)))
        {
            if (await BreakthroughWordsAsync(client.Summary.ClientId, cancellationToken) is { Length: > 0 } words)
            {
                breakthroughs[client.Summary.ClientId] = words;
            }
        }

        await audit.AppendAsync(
            new Data.AuditEntry(now, Data.Actors.CaseloadLink(therapist.Id), Data.AuditActions.CaseloadViewed, null, $"caseload page: {digest.Clients} clients, the own words of {breakthroughs.Count}"),
            cancellationToken);
        return new CaseloadSnapshot(digest, breakthroughs);
    }

    /// <summary>The free text the client gave with their latest breakthrough answer, if any.</summary>
    private async Task<string?> BreakthroughWordsAsync(string clientId, CancellationToken cancellationToken)
    {
        var file = await clientRecords.ReadClientFileAsync(clientId, cancellationToken);
        foreach (var response in file.Responses.OrderByDescending(r => r.SubmittedAt))
        {
            foreach (var (instrumentId, answers) in response.Answers)
            {
                if (instruments.TryGet(instrumentId, out var instrument) && instrument.BreakthroughItem is { } item
                    && answers.Choices.TryGetValue(item, out var yes) && yes > 0)
                {
                    var textItem = instrument.Items.FirstOrDefault(i => i.Kind == ItemKind.Text);
                    return textItem is not null && answers.Texts.TryGetValue(textItem.Id, out var words) ? words : null;
                }
            }
        }

        return null;
    }
}
