using BenchmarkDotNet.Attributes;
using Outcomes.Clinical.Cohorts;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.SuddenGains;

namespace Outcomes.Benchmarks;

/// <summary>The clinical engine alone, on data already in memory.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private double[][] _series = [];
    private CohortMember[] _cohort = [];
    private readonly SuddenChangeCriteria _criteria = new(cutoff: 7);
    private readonly ReliableChangeSettings _settings = new(0.8, ScoreDirection.LowerIsBetter, CutoffType.C, 8, 8);

    [GlobalSetup]
    public void Setup()
    {
        _series = SyntheticCohort.Series(30_000, 16);
        var random = new Random(3);
        _cohort = Enumerable.Range(1, 100_000)
            .Select(i => new CohortMember(i.ToString(System.Globalization.CultureInfo.InvariantCulture), random.Next(10, 50), random.Next(0, 20) == 0 ? null : random.Next(0, 50)))
            .ToArray();
    }

    /// <summary>Sudden gains for 30,000 people × 16 sessions.</summary>
    [Benchmark]
    public int SuddenGains_30000People16Sessions()
    {
        var found = 0;
        foreach (var x in _series)
        {
            found += SuddenChangeDetector.Find(x, false, ChangeDirection.Decrease, _criteria).Count;
        }

        return found;
    }

    /// <summary>Jacobson–Truax with cutoff c for 100,000 people.</summary>
    [Benchmark]
    public int ReliableChange_100000People() => JacobsonTruax.Analyse(_cohort, _settings).People.Count;
}
