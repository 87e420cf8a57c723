using System.Globalization;
using System.Text;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Trajectories;

namespace Outcomes.Cli.Tests;

/// <summary><c>outcomes analyze trajectories</c> on the documented synthetic cohort, written as the API's long export.</summary>
public class TrajectoriesCommandTests
{
    private static readonly Instrument Phq9 = InstrumentCatalog.BuiltIn["phq9"];

    /// <summary>The synthetic PHQ-9 cohort in the long layout the API exports (id, checkin, phase, date, score).</summary>
    private static string Export()
    {
        var csv = new StringBuilder("id,checkin,phase,date,score\n");
        foreach (var episode in SyntheticCohort.For(Phq9))
        {
            for (var i = 0; i < episode.Scores.Count; i++)
            {
                var phase = i == 0 ? "baseline" : i == episode.Scores.Count - 1 ? "latest" : "";
                csv.Append(CultureInfo.InvariantCulture, $"{episode.Id},{i + 1},{phase},{episode.At![i]:yyyy-MM-dd},{episode.Scores[i]}\n");
            }
        }

        return csv.ToString();
    }

    [Fact]
    public void Fit_WritesBandsAClinicCanLoad_TheSameAsTheEngineFits()
    {
        using var workspace = new Workspace();
        var run = CliRun.Of("analyze", "trajectories", "--episodes", workspace.File("phq9-long.csv", Export()), "--instrument", "phq9", "--output", workspace.PathOf("bands.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("fitted on 1000 completed episodes that began at caseness, check-ins 2 to 12", run.Error, StringComparison.Ordinal);
        var bands = Assert.Single(ExpectedRecoveryFile.Read(File.ReadAllText(workspace.PathOf("bands.json")), InstrumentCatalog.BuiltIn, "bands.json"));
        Assert.False(bands.IsSynthetic); // fitted from a file: the clinic's, as far as the engine knows — it says whose in its source
        Assert.Equal("1000 completed episodes of phq9-long.csv", bands.Source);
        var reference = SyntheticCohort.DefaultFor(Phq9)!;
        Assert.Equal(reference.Steps, bands.Steps);
        Assert.Equal(new ExpectedRange(10, 3.8, 8.2, 14.5), bands.RangeAt(Phq9, 10, 16));

        // Loaded, it replaces the synthetic reference for its measure, and says so.
        var catalog = InstrumentCatalog.BuiltIn.WithExpectedRecovery([bands]);
        Assert.Equal("expected range (1000 completed episodes of phq9-long.csv)", catalog.ExpectedRecoveryFor(Phq9)!.Label);
        Assert.True(catalog.ExpectedRecoveryFor(InstrumentCatalog.BuiltIn["gad7"])!.IsSynthetic);
    }

    [Fact]
    public void Validate_ReportsBothRulesSideBySide_OnHeldOutEpisodes()
    {
        using var workspace = new Workspace();
        var run = CliRun.Of("analyze", "trajectories", "--episodes", workspace.File("phq9-long.csv", Export()), "--instrument", "phq9", "--validate");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("PHQ-9: 1000 completed episodes (of 1000); fitted on ", run.Lines[0], StringComparison.Ordinal);
        Assert.EndsWith(" that began at caseness, 307 held out and judged.", run.Lines[0], StringComparison.Ordinal);

        // Pinned (docs/clinical-rules.md quotes them): on this cohort the expected-recovery rule flags a check-in earlier and
        // a little more specifically, the rule of thumb more of those who end without reliable improvement.
        Assert.Equal(
            [
                "rule,episodes,without reliable improvement,sensitivity,specificity,median check-in of first flag",
                "expected recovery,307,118,0.60,0.89,4",
                "rule of thumb,307,118,0.75,0.88,5",
            ],
            run.Lines[1..]);
    }

    [Theory]
    [InlineData("--instrument", "bdi", "--instrument: no measure 'bdi'")]
    [InlineData("--instrument", "checkin", "has no reliable-change value")]
    [InlineData("--min-check-ins", "1", "--min-check-ins: an episode needs at least 2 check-ins")]
    public void BadOptions_AreRefusedNamingThem(string option, string value, string message)
    {
        using var workspace = new Workspace();
        var args = new List<string> { "analyze", "trajectories", "--episodes", workspace.File("e.csv", "id,checkin,date,score\na,1,2026-01-05,12\n"), "--instrument", "phq9" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var run = CliRun.Of([.. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadRow_IsRefusedNamingItsLineAndColumn_AndTooFewEpisodesSaySo()
    {
        using var workspace = new Workspace();
        var bad = CliRun.Of("analyze", "trajectories", "--episodes", workspace.File("e.csv", "id,checkin,date,score\na,1,2026-01-05,12\na,2,5 Jan,11\n"), "--instrument", "phq9");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("e.csv line 3, column 'date': '5 Jan' is not a date (yyyy-MM-dd)", bad.Error, StringComparison.Ordinal);

        var few = CliRun.Of("analyze", "trajectories", "--episodes", workspace.File("f.csv", "id,checkin,date,score\na,1,2026-01-05,12\na,2,2026-01-12,11\n"), "--instrument", "phq9", "--min-check-ins", "2");
        Assert.Equal(2, few.ExitCode);
        Assert.Contains("1 completed episodes began at caseness; at least 200 are needed (--min-episodes)", few.Error, StringComparison.Ordinal);
    }
}
