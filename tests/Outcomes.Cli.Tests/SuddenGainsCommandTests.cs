using System.Globalization;

namespace Outcomes.Cli.Tests;

public class SuddenGainsCommandTests
{
    private static readonly string Sessions = string.Join(",", Enumerable.Range(1, 12).Select(s => $"bdi_s{s}"));

    private static string[] Expected() => File.ReadAllLines(Workspace.Reference("suddengains_expected.csv")).Skip(1)
        .Select(line => line.Split(','))
        .Select(c => string.Join(",", c[0], c[2], c[3], c[4], c[5], c[12], c[15]))
        .ToArray();

    [Fact]
    public void Sgdata_ReproducesThePackagesTwentyFourGainsInOrder()
    {
        var run = CliRun.Of("analyze", "sudden-gains", "--input", Workspace.Reference("suddengains_sgdata.csv"), "--id", "id", "--scores", Sessions, "--cutoff", "7", "--reversal-window", "suddengains");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("id,pre_session,post_session,pre_score,post_score,magnitude,reversal", run.Lines[0]);
        Assert.Equal(Expected(), run.Lines.Skip(1));
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void MessyColumnNames_GiveTheSameGains()
    {
        const string columns = "bdi1,wk2bdi,bdi.S3,bdis4,bdi_session5,bdi_weekSix,beck.dep.inv_sess7,weeeek8bdi,bdi_nine,bdii10,bDi11,bdi_s12_end";
        var run = CliRun.Of("analyze", "sudden-gains", "--input", Workspace.Reference("suddengains_sgdata_bad.csv"), "--id", "id", "--scores", columns, "--cutoff", "7", "--reversal-window", "suddengains");
        Assert.Equal(Expected(), run.Lines.Skip(1));
    }

    [Fact]
    public void OutputFile_HoldsTheCsvAndNothingGoesToStandardOutput()
    {
        using var workspace = new Workspace();
        var output = workspace.PathOf("gains.csv");
        var run = CliRun.Of("analyze", "sudden-gains", "--input", Workspace.Reference("suddengains_sgdata.csv"), "--id", "id", "--scores", Sessions, "--cutoff", "7", "--reversal-window", "suddengains", "--output", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Equal(25, File.ReadAllLines(output).Length);
        Assert.Single(Directory.GetFiles(workspace.Folder));
    }

    [Fact]
    public void Losses_AreRisesThatMeetTheSymmetricCriteriaWithNegativeMagnitude()
    {
        var run = CliRun.Of("analyze", "sudden-gains", "--input", Workspace.Reference("suddengains_sgdata.csv"), "--id", "id", "--scores", Sessions, "--cutoff", "7", "--reversal-window", "suddengains", "--losses");

        Assert.Equal(0, run.ExitCode);
        var rows = run.Lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            var (pre, post, magnitude) = (double.Parse(r[3], CultureInfo.InvariantCulture), double.Parse(r[4], CultureInfo.InvariantCulture), double.Parse(r[5], CultureInfo.InvariantCulture));
            Assert.True(post - pre >= 7 && post - pre >= 0.25 * pre, string.Join(",", r));
            Assert.Equal(pre - post, magnitude);
        });
    }

    [Fact]
    public void Baseline_IsSessionZeroAndOpensTheOneToTwoInterval()
    {
        var without = CliRun.Of("analyze", "sudden-gains", "--input", Workspace.Reference("suddengains_sgdata.csv"), "--id", "id", "--scores", Sessions, "--cutoff", "7", "--reversal-window", "suddengains");
        var with = CliRun.Of("analyze", "sudden-gains", "--input", Workspace.Reference("suddengains_sgdata.csv"), "--id", "id", "--scores", Sessions, "--cutoff", "7", "--reversal-window", "suddengains", "--baseline", "bdi_s0");

        Assert.Equal(0, with.ExitCode);
        var sessions = with.Lines.Skip(1).Select(l => int.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(1, sessions);
        Assert.DoesNotContain(1, without.Lines.Skip(1).Select(l => int.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)));
        Assert.All(sessions, s => Assert.InRange(s, 1, 10));
    }

    [Fact]
    public void FixedCriticalValue_FindsAtLeastTheAdjustedGains()
    {
        var adjusted = CliRun.Of("analyze", "sudden-gains", "--input", Workspace.Reference("suddengains_sgdata.csv"), "--id", "id", "--scores", Sessions, "--cutoff", "7", "--reversal-window", "suddengains");
        var fixedValue = CliRun.Of("analyze", "sudden-gains", "--input", Workspace.Reference("suddengains_sgdata.csv"), "--id", "id", "--scores", Sessions, "--cutoff", "7", "--reversal-window", "suddengains", "--no-crit3-adjust");

        // 2.776 is the smallest of the adjusted critical values, so every adjusted gain survives and some may join.
        Assert.Superset(adjusted.Lines.ToHashSet(), fixedValue.Lines.ToHashSet());
        Assert.True(fixedValue.Lines.Length > adjusted.Lines.Length);
    }

    [Fact]
    public void ReversalWindow_FollowsThePublishedRuleByDefaultAndThePackageOnRequest()
    {
        // A gain from 3 to 4 (24 → 12); x[n+2] = x[5] = 20 undoes more than half of it, x[6] on do not.
        using var workspace = new Workspace();
        var input = workspace.File("wide.csv", "id,s1,s2,s3,s4,s5,s6,s7\n1,25,24,24,12,20,12,11\n");
        string[] args = ["analyze", "sudden-gains", "--input", input, "--id", "id", "--scores", "s1,s2,s3,s4,s5,s6,s7", "--cutoff", "7"];

        var published = CliRun.Of(args);
        var package = CliRun.Of([.. args, "--reversal-window", "suddengains"]);
        var unknown = CliRun.Of([.. args, "--reversal-window", "n+4"]);

        Assert.Equal("1,3,4,24,12,12,1", published.Lines[1]);
        Assert.Equal("1,3,4,24,12,12,0", package.Lines[1]);
        Assert.NotEqual(0, unknown.ExitCode);
    }

    [Fact]
    public void DecimalScores_AreWrittenAsRWritesThem()
    {
        using var workspace = new Workspace();
        var input = workspace.File("wide.csv", "id,s1,s2,s3,s4,s5,s6\n1,20.1,20.2,19.9,12.1,12.2,11.9\n");
        var run = CliRun.Of("analyze", "sudden-gains", "--input", input, "--id", "id", "--scores", "s1,s2,s3,s4,s5,s6", "--cutoff", "7");

        Assert.Equal("1,3,4,19.9,12.1,7.8,0", run.Lines[1]);
    }

    [Fact]
    public void NonNumericIds_SortAsTextAndNaMarksMissing()
    {
        using var workspace = new Workspace();
        var input = workspace.File("wide.csv", "client,w1,w2,w3,w4,w5,w6\nb,20,21,20,10,11,9\na,NA,25,24,12,13,12\nc,20,21,,10,11,9\n");
        var run = CliRun.Of("analyze", "sudden-gains", "--input", input, "--id", "client", "--scores", "w1,w2,w3,w4,w5,w6", "--cutoff", "7");

        Assert.Equal(["id,pre_session,post_session,pre_score,post_score,magnitude,reversal", "a,3,4,24,12,12,0", "b,3,4,20,10,10,0"], run.Lines);
    }

    [Fact]
    public void NonNumericScore_NamesLineAndColumnExitsTwoAndWritesNothing()
    {
        using var workspace = new Workspace();
        var input = workspace.File("wide.csv", "id,s1,s2,s3,s4\n1,20,21,20,10\n2,20,twelve,20,10\n");
        var output = workspace.PathOf("out.csv");
        var run = CliRun.Of("analyze", "sudden-gains", "--input", input, "--id", "id", "--scores", "s1,s2,s3,s4", "--cutoff", "7", "--output", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {input} line 3, column 's2': 'twelve' is not a number (leave it empty or write NA when it is missing)", run.Error.Trim());
        Assert.False(File.Exists(output));
        Assert.Single(Directory.GetFiles(workspace.Folder));
    }

    [Fact]
    public void MissingColumn_ListsTheColumnsThereAre()
    {
        using var workspace = new Workspace();
        var input = workspace.File("wide.csv", "id,s1,s2,s3\n1,20,21,20\n");
        var run = CliRun.Of("analyze", "sudden-gains", "--input", input, "--id", "id", "--scores", "s1,s2,s4", "--cutoff", "7");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 1: no column 's4' (given by --scores); the columns are: id, s1, s2, s3", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void ExistingOutput_IsLeftAsItWasOnError()
    {
        using var workspace = new Workspace();
        var input = workspace.File("wide.csv", "id,s1,s2,s3\n1,20,21,20\n1,20,21,20\n");
        var output = workspace.File("out.csv", "keep me");
        var run = CliRun.Of("analyze", "sudden-gains", "--input", input, "--id", "id", "--scores", "s1,s2,s3", "--cutoff", "7", "--output", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 3, column 'id': id '1' already appears on line 2", run.Error);
        Assert.Equal("keep me", File.ReadAllText(output));
    }

    [Theory]
    [InlineData("--cutoff", "0", "cutoff must be a positive number")]
    [InlineData("--alpha", "1.5", "Alpha must lie strictly between 0 and 1")]
    [InlineData("--cutoff", "seven", "seven")]
    public void BadParameters_AreExitCodeTwoWithTheReason(string option, string value, string expected)
    {
        var args = new List<string> { "analyze", "sudden-gains", "--input", Workspace.Reference("suddengains_sgdata.csv"), "--id", "id", "--scores", Sessions, "--cutoff", "7", "--reversal-window", "suddengains" };
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
        Assert.Contains(expected, run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void MissingFileOrEmptyFile_IsExitCodeTwo()
    {
        using var workspace = new Workspace();
        var missing = CliRun.Of("analyze", "sudden-gains", "--input", workspace.PathOf("nope.csv"), "--id", "id", "--scores", "a,b,c", "--cutoff", "7");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("cannot read the file", missing.Error);

        var empty = CliRun.Of("analyze", "sudden-gains", "--input", workspace.File("empty.csv", ""), "--id", "id", "--scores", "a,b,c", "--cutoff", "7");
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("the file is empty", empty.Error);
    }

    [Fact]
    public void ShortRow_NamesTheLine()
    {
        using var workspace = new Workspace();
        var input = workspace.File("wide.csv", "id,s1,s2,s3\n1,20,21\n");
        var run = CliRun.Of("analyze", "sudden-gains", "--input", input, "--id", "id", "--scores", "s1,s2,s3", "--cutoff", "7");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 2: the row has 3 fields; column 's3' is missing", run.Error);
    }
}
