using BenchmarkDotNet.Attributes;
using Outcomes.Cli;

namespace Outcomes.Benchmarks;

/// <summary>The whole `outcomes analyze` path: read the CSV file, analyse, write the CSV file.</summary>
[MemoryDiagnoser]
public class ToolBenchmarks
{
    private string _folder = "";
    private string _wide = "";
    private string _long = "";
    private string[] _scores = [];

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("outcomes-bench-").FullName;
        _wide = Path.Combine(_folder, "wide.csv");
        _long = Path.Combine(_folder, "long.csv");
        File.WriteAllText(_wide, SyntheticCohort.WideCsv(SyntheticCohort.Series(30_000, 16)));
        File.WriteAllText(_long, SyntheticCohort.LongCsv(100_000));
        _scores = ["analyze", "sudden-gains", "--input", _wide, "--id", "id", "--scores", string.Join(",", Enumerable.Range(1, 16).Select(s => $"s{s}")), "--cutoff", "7", "--output", Path.Combine(_folder, "gains.csv")];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public int AnalyzeSuddenGains_30000People16Sessions() => OutcomesCommand.Run(_scores, TextWriter.Null, TextWriter.Null);

    [Benchmark]
    public int AnalyzeReliableChange_100000People() => OutcomesCommand.Run(
        ["analyze", "reliable-change", "--input", _long, "--id", "id", "--time", "time", "--score", "score", "--pre", "pre", "--post", "post", "--reliability", "0.8", "--cutoff", "a", "--output", Path.Combine(_folder, "change.csv")],
        TextWriter.Null,
        TextWriter.Null);
}
