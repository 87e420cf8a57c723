using System.Globalization;
using Microsoft.Extensions.Logging;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Trajectories;
using Outcomes.Practice.Data;

namespace Outcomes.Practice.Learning;

/// <summary>
/// Expected recovery learned from the clinic's own clients (docs/clinical-rules.md, "Expected recovery").
/// The weekly run fits each measure's bands over its completed episodes — discharged clients, and
/// clients with <see cref="ExpectedRecovery.CompletedCheckIns"/> check-ins on it — and records the fit
/// once enough began at caseness (<c>Outcomes:Clinical:OwnExpectedRecoveryFrom</c>). Every instance
/// reads the fits (<see cref="RefreshAsync"/>) and uses them in place of the synthetic reference.
/// </summary>
public sealed class ExpectedRecoveryLearning(
    IClientRecords clientRecords,
    IExpectedRecoveryFits fits,
    ClientSummaries summaries,
    InstrumentCatalog instruments,
    PracticeSettings settings,
    ILogger<ExpectedRecoveryLearning> logger)
{
    /// <summary>Fits every measure with reliable change over the clinic's completed episodes, records each fit, and uses the result here at once.</summary>
    public async Task<IReadOnlyList<ExpectedRecoveryFit>> LearnAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var measures = instruments.All.Where(i => i.ReliableChange is not null).ToList();
        var episodes = measures.ToDictionary(m => m.Id, _ => new List<Episode>(), StringComparer.Ordinal);
        var clients = await clientRecords.ListClientsAsync(cancellationToken);
        foreach (var client in clients)
        {
            var checkIns = CheckInRecord.Of(await clientRecords.ReadClientFileAsync(client.Id, cancellationToken), instruments);
            foreach (var measure in measures)
            {
                var scores = AnalysisExport.ScoresOn(checkIns, measure);
                if (scores.Count >= 2 && (client.Status == ClientStatus.Discharged || scores.Count >= ExpectedRecovery.CompletedCheckIns))
                {
                    episodes[measure.Id].Add(new Episode(client.Id, scores.Select(s => s.Score).ToList(), scores.Select(s => s.At).ToList()));
                }
            }
        }

        var fitted = new List<ExpectedRecoveryFit>();
        foreach (var measure in measures)
        {
            var fittedOn = ExpectedRecovery.Fit(measure, episodes[measure.Id], source: "");
            var bands = fittedOn with { Source = string.Create(CultureInfo.InvariantCulture, $"this clinic's {fittedOn.Episodes} completed episodes to {now:d MMM yyyy}") };
            var enough = bands.Episodes >= settings.Clinical.OwnExpectedRecoveryFrom && bands.Steps.Count > 0;
            var fit = new ExpectedRecoveryFit(measure.Id, now, bands.Episodes, enough ? ExpectedRecoveryFile.Write([bands]) : null);
            await fits.RecordAsync(fit, cancellationToken);
            fitted.Add(fit);
            logger.LogInformation("Expected recovery on {Measure}: {Episodes} completed episodes began at caseness; {Use}", measure.Id, bands.Episodes, enough ? "the clinic's own bands" : "the synthetic reference until there are enough");
        }

        if (await RefreshAsync(cancellationToken))
        {
            // Caseloads and digests read findings from each current client's summary: bring them to the new
            // reference now, not at each client's next check-in. (Discharged clients are in neither.)
            foreach (var client in clients.Where(c => c.Status != ClientStatus.Discharged))
            {
                await summaries.RefreshAsync(client.Id, cancellationToken);
            }
        }

        return fitted;
    }

    private Task? _firstReading;

    /// <summary>
    /// The instance's first read of the fits, once however often it is asked for: each host awaits it before
    /// it takes any request or message, so a cold start (an instance woken by a queue message) never scores
    /// against the synthetic reference when the clinic's own is recorded. A failed read is logged and leaves
    /// the synthetic reference; the periodic refresh tries again.
    /// </summary>
    public Task FirstReadAsync() => LazyInitializer.EnsureInitialized(ref _firstReading, ReadOnceAsync);

    private async Task ReadOnceAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Expected recovery: the learned bands could not be read at start; the synthetic reference serves until the next refresh");
        }
    }

    /// <summary>The measures on the clinic's own bands in this instance.</summary>
    public IEnumerable<string> InUse => instruments.Learned.All.Select(b => b.InstrumentId).Order(StringComparer.Ordinal);

    /// <summary>Reads the recorded fits and uses each measure's that has enough episodes; true when the bands in use changed. A fit that cannot be read is left out, and said so in the log.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var usable = new List<ExpectedRecovery>();
        foreach (var fit in await fits.ListAsync(cancellationToken))
        {
            if (fit.Bands is null || fit.Episodes < settings.Clinical.OwnExpectedRecoveryFrom || !instruments.TryGet(fit.InstrumentId, out _))
            {
                continue;
            }

            try
            {
                var bands = ExpectedRecoveryFile.Read(fit.Bands, instruments, $"the learned expected recovery of '{fit.InstrumentId}'");
                usable.AddRange(bands.Where(b => b.InstrumentId == fit.InstrumentId));
            }
            catch (InvalidDataException ex)
            {
                logger.LogWarning(ex, "The learned expected recovery of {Measure} cannot be read and is not used; the synthetic reference stays", fit.InstrumentId);
            }
        }

        return instruments.Learned.Use(usable);
    }
}
