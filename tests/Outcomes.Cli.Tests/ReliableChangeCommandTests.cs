using System.Diagnostics;
using System.Globalization;
using Outcomes.Clinical.Cohorts;
using Outcomes.Clinical.Instruments;

namespace Outcomes.Cli.Tests;

public class ReliableChangeCommandTests
{
    // A long file as a trial exports it: four time points, one person without a post score, one
    // with a time point the analysis ignores, ids that sort numerically (10 after 9).
    private const string Trial = """
        id,week,phq9
        10,0,30
        10,12,12
        9,0,24
        9,12,22
        1,0,35
        1,12,40
        2,0,28
        2,6,20
        2,12,27
        3,0,20
        3,12,29
        4,0,33
        4,12,18
        5,0,26
        5,12,9
        6,0,31
        6,12,30
        7,0,40
        7,12,25
        8,0,25
        8,12,NA
        """;

    private static CliRun Analyse(Workspace workspace, params string[] extra) => CliRun.Of(
        ["analyze", "reliable-change", "--input", workspace.File("trial.csv", Trial), "--id", "id", "--time", "week", "--score", "phq9", "--pre", "0", "--post", "12", "--reliability", "0.8", .. extra]);

    [Fact]
    public void Csv_MatchesTheEngineForEachPersonInIdOrder()
    {
        using var workspace = new Workspace();
        var run = Analyse(workspace, "--cutoff", "c", "--functional-mean", "8", "--functional-sd", "8");

        Assert.Equal(0, run.ExitCode);
        var cohort = new[] { (1, 35, 40), (2, 28, 27), (3, 20, 29), (4, 33, 18), (5, 26, 9), (6, 31, 30), (7, 40, 25), (9, 24, 22), (10, 30, 12) }
            .Select(p => new CohortMember(p.Item1.ToString(CultureInfo.InvariantCulture), p.Item2, p.Item3));
        var engine = JacobsonTruax.Analyse(cohort, new ReliableChangeSettings(0.8, ScoreDirection.LowerIsBetter, CutoffType.C, 8, 8));

        Assert.Equal("id,pre,post,change,rci,category", run.Lines[0]);
        Assert.Equal(
            engine.People.Select(p => string.Join(",", p.Id, p.Pre, p.Post, p.Change, p.Rci.ToString("G15", CultureInfo.InvariantCulture), p.Category)),
            run.Lines.Skip(1));
    }

    [Fact]
    public void Summary_GoesToStandardErrorAndSaysWhoWasLeftOutAndWhy()
    {
        using var workspace = new Workspace();
        var run = Analyse(workspace, "--cutoff", "a");

        Assert.Contains("People used: 9 of 10", run.Error);
        Assert.Contains("People left out: 1 (1 no post score): 8", run.Error);
        Assert.Contains("s_diff: ", run.Error);
        Assert.Contains("Cutoff a: ", run.Error);
        Assert.Matches(@"Recovered: \d+, Improved: \d+, Unchanged: \d+, Deteriorated: \d+, Harmed: \d+", run.Error);
        Assert.DoesNotContain("Recovered", run.Output.Split('\n')[0]);
    }

    private static readonly string[] ThreeCategories = ["Improved", "Unchanged", "Deteriorated"];

    [Fact]
    public void WithoutCutoff_OnlyThreeCategories()
    {
        using var workspace = new Workspace();
        var run = Analyse(workspace);
        Assert.All(run.Lines.Skip(1), l => Assert.Contains(l.Split(',')[^1], ThreeCategories));
        Assert.Contains("Cutoff: none", run.Error);
        Assert.Matches(@"Improved: \d+, Unchanged: \d+, Deteriorated: \d+\s*$", run.Error);
    }

    [Fact]
    public void WithOutputFile_SummaryGoesToStandardOutput()
    {
        using var workspace = new Workspace();
        var output = workspace.PathOf("change.csv");
        var run = Analyse(workspace, "--output", output);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("People used: 9 of 10", run.Output);
        Assert.Equal(10, File.ReadAllLines(output).Length);
    }

    [Fact]
    public void TextTimePoints_MatchAsText()
    {
        using var workspace = new Workspace();
        var input = workspace.File("long.csv", "subject,time,das\n1,pre,90\n1,post,97\n2,pre,74\n2,post,124\n3,pre,80\n3,post,82\n");
        var run = CliRun.Of("analyze", "reliable-change", "--input", input, "--id", "subject", "--time", "time", "--score", "das", "--pre", "pre", "--post", "post", "--reliability", "0.9", "--better", "higher");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, run.Lines.Length);
        Assert.EndsWith(",Improved", run.Lines[2]);
    }

    [Theory]
    [InlineData(new[] { "--cutoff", "c" }, "Cutoff c needs the functional population's mean and SD")]
    [InlineData(new[] { "--cutoff", "d" }, "d")]
    [InlineData(new[] { "--better", "sideways" }, "sideways")]
    public void BadOptions_AreExitCodeTwo(string[] extra, string expected)
    {
        using var workspace = new Workspace();
        var run = Analyse(workspace, extra);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void ReliabilityOutOfRange_IsExitCodeTwo()
    {
        using var workspace = new Workspace();
        var run = CliRun.Of("analyze", "reliable-change", "--input", workspace.File("t.csv", Trial), "--id", "id", "--time", "week", "--score", "phq9", "--pre", "0", "--post", "12", "--reliability", "1.2");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("reliability must be at least 0 and below 1", run.Error);
    }

    [Fact]
    public void DuplicateTimePoint_NamesBothLines()
    {
        using var workspace = new Workspace();
        var input = workspace.File("long.csv", "id,t,s\n1,0,10\n1,1,5\n1,0,11\n");
        var run = CliRun.Of("analyze", "reliable-change", "--input", input, "--id", "id", "--time", "t", "--score", "s", "--pre", "0", "--post", "1", "--reliability", "0.8");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 4, column 't': id '1' already has a score at time '0' (line 2)", run.Error);
    }

    [Fact]
    public void NoRowsAtTheTimesAsked_IsExitCodeTwo()
    {
        using var workspace = new Workspace();
        var run = Analyse(workspace);
        var wrong = CliRun.Of("analyze", "reliable-change", "--input", workspace.PathOf("trial.csv"), "--id", "id", "--time", "week", "--score", "phq9", "--pre", "1", "--post", "2", "--reliability", "0.8");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("no row has time '1' or '2' in column 'week'", wrong.Error);
    }

    [Fact]
    public void InstalledTool_RunsAsAProcessWithExitCodes()
    {
        // The real entry point, as `dotnet run --project functions/Outcomes.Cli` or the packed tool runs it.
        var tool = Path.Combine(AppContext.BaseDirectory, "outcomes.dll");
        using var workspace = new Workspace();
        var input = workspace.File("trial.csv", Trial);

        var (ok, stdout, _) = Run(tool, "analyze", "reliable-change", "--input", input, "--id", "id", "--time", "week", "--score", "phq9", "--pre", "0", "--post", "12", "--reliability", "0.8");
        Assert.Equal(0, ok);
        Assert.StartsWith("id,pre,post,change,rci,category", stdout);

        var (bad, _, stderr) = Run(tool, "analyze", "reliable-change", "--input", input, "--id", "client", "--time", "week", "--score", "phq9", "--pre", "0", "--post", "12", "--reliability", "0.8");
        Assert.Equal(2, bad);
        Assert.Contains("no column 'client'", stderr);
    }

    private static (int ExitCode, string Output, string Error) Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
