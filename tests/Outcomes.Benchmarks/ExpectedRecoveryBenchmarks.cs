using BenchmarkDotNet.Attributes;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Trajectories;

namespace Outcomes.Benchmarks;

/// <summary>The weekly expected-recovery fit of one measure (eleven check-ins × three quantile lines), by how many completed episodes a clinic has.</summary>
[MemoryDiagnoser]
public class ExpectedRecoveryBenchmarks
{
    private Instrument _phq9 = null!;
    private IReadOnlyList<Episode> _episodes = [];

    [Params(200, 1_000, 5_000)]
    public int Episodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _phq9 = InstrumentCatalog.BuiltIn["phq9"];
        _episodes = Clinical.Trajectories.SyntheticCohort.For(_phq9, Episodes, seed: 17);
    }

    [Benchmark]
    public int FitPhq9() => ExpectedRecovery.Fit(_phq9, _episodes, "benchmark").Steps.Count;
}
