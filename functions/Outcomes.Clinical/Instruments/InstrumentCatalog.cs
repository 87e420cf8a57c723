namespace Outcomes.Clinical.Instruments;

/// <summary>The instruments a clinic uses, by id: the built-in ones plus any from the clinic's own folder.</summary>
public sealed class InstrumentCatalog
{
    private readonly Dictionary<string, Instrument> _byId;

    public InstrumentCatalog(IEnumerable<Instrument> instruments)
    {
        _byId = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        foreach (var instrument in instruments)
        {
            // A clinic's definition replaces a built-in one with the same id; that is how a clinic pins its own wording or thresholds.
            _byId[instrument.Id] = instrument;
        }
    }

    public static InstrumentCatalog BuiltIn { get; } = new(InstrumentLoader.LoadBuiltIn());

    /// <summary>The built-in instruments overlaid with every definition in <paramref name="folder"/>.</summary>
    public static InstrumentCatalog WithClinicFolder(string folder)
    {
        var clinic = InstrumentLoader.LoadFolder(folder);
        var duplicate = clinic.GroupBy(i => i.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InstrumentDefinitionException(folder, [$"id: '{duplicate.Key}' is defined by more than one file"]);
        }

        return new InstrumentCatalog(InstrumentLoader.LoadBuiltIn().Concat(clinic));
    }

    public IReadOnlyCollection<Instrument> All => _byId.Values;

    private readonly Dictionary<string, Trajectories.ExpectedRecovery> _expected = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Id, string Version, double? Caseness, double? ReliableChange, double Max), Trajectories.ExpectedRecovery?> SyntheticDefaults = new();

    /// <summary>The bands the running service learned from the clinic's completed episodes (see <see cref="ExpectedRecoveryFor"/>); changed while it runs.</summary>
    public Trajectories.LearnedExpectedRecovery Learned { get; private init; } = new();

    /// <summary>The catalogue with the clinic's own expected-recovery bands (fitted by <c>outcomes analyze trajectories</c>), which replace the synthetic reference for their measures.</summary>
    public InstrumentCatalog WithExpectedRecovery(IEnumerable<Trajectories.ExpectedRecovery> bands)
    {
        var catalog = new InstrumentCatalog(_byId.Values) { Learned = Learned };
        foreach (var band in bands.Where(b => _byId.ContainsKey(b.InstrumentId)))
        {
            catalog._expected[band.InstrumentId] = band;
        }

        return catalog;
    }

    /// <summary>
    /// The expected-recovery reference of a measure: the file the clinic loaded (its deliberate choice), else
    /// the bands learned from its own completed episodes, else the synthetic default (fitted once, labelled
    /// synthetic), else none.
    /// </summary>
    public Trajectories.ExpectedRecovery? ExpectedRecoveryFor(Instrument instrument) =>
        _expected.TryGetValue(instrument.Id, out var loaded) ? loaded
            : Learned.For(instrument.Id) is { } learned ? learned
            : SyntheticDefaults.GetOrAdd((instrument.Id, instrument.Version, instrument.Caseness, instrument.ReliableChange, instrument.PrimaryScore.Max), _ => Trajectories.SyntheticCohort.DefaultFor(instrument));

    public Instrument this[string id] =>
        _byId.TryGetValue(id, out var instrument) ? instrument : throw new KeyNotFoundException($"No instrument '{id}'.");

    public bool TryGet(string id, out Instrument instrument) => _byId.TryGetValue(id, out instrument!);

    /// <summary>
    /// The one order every page and email shows instruments in: depression, then anxiety, then the
    /// check-in (symptoms before engagement, as clinicians read them), then the clinic's own by id.
    /// </summary>
    public IEnumerable<string> InDisplayOrder(IEnumerable<string> instrumentIds) =>
        instrumentIds.Distinct(StringComparer.Ordinal).OrderBy(DisplayRank).ThenBy(id => id, StringComparer.Ordinal);

    private static readonly string[] BuiltInOrder = ["phq9", "gad7", "checkin"];

    private static int DisplayRank(string id) => Array.IndexOf(BuiltInOrder, id) is var i and >= 0 ? i : BuiltInOrder.Length;
}
