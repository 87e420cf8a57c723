using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Outcomes.Clinical.SuddenGains;

namespace Outcomes.Cli;

/// <summary><c>outcomes analyze sudden-gains</c>: Tang &amp; DeRubeis sudden gains (or losses) over a wide CSV.</summary>
internal static class SuddenGainsCommand
{
    private static readonly Option<string> Input = new("--input") { Required = true, Description = "Wide CSV: one row per person, one column per session." };
    private static readonly Option<string> Id = new("--id") { Required = true, Description = "The column that identifies a person." };
    private static readonly Option<string> Scores = new("--scores") { Required = true, Description = "The session columns in order, comma-separated (sessions 1, 2, …)." };
    private static readonly Option<double> Cutoff = new("--cutoff") { Required = true, Description = "Criterion 1: the smallest raw change (e.g. 7 for BDI-II, 6 for PHQ-9)." };
    private static readonly Option<double> Pct = new("--pct") { DefaultValueFactory = _ => 0.25, Description = "Criterion 2: the change as a proportion of the pre-change score." };
    private static readonly Option<double> Alpha = new("--alpha") { DefaultValueFactory = _ => 0.05, Description = "Criterion 3: two-tailed significance." };
    private static readonly Option<bool> NoAdjust = new("--no-crit3-adjust") { Description = "Use the fixed critical value 2.776 whatever is missing." };
    private static readonly Option<string?> Baseline = new("--baseline") { Description = "A baseline column (session 0); also checks the 1→2 interval." };
    private static readonly Option<bool> Losses = new("--losses") { Description = "Find sudden losses (rises in score) instead of gains." };
    private static readonly Option<string?> Output = new("--output") { Description = "Write the CSV here instead of to standard output." };
    private static readonly Option<string> ReversalWindow = new Option<string>("--reversal-window")
    {
        DefaultValueFactory = _ => Published,
        Description = "Where a reversal is looked for: 'published' from the second score after the change (x[n+2], as the live engine), or 'suddengains' as that R package does (x[n+3] unless a baseline is given).",
    }.AcceptOnlyFromAmong(Published, SuddengainsPackage);

    private const string Published = "published";
    private const string SuddengainsPackage = "suddengains";

    private static readonly string[] Header = ["id", "pre_session", "post_session", "pre_score", "post_score", "magnitude", "reversal"];

    public static Command Create()
    {
        var command = new Command("sudden-gains", "Sudden gains (or losses) per person, as the suddengains R package identifies them.")
        {
            Input, Id, Scores, Cutoff, Pct, Alpha, NoAdjust, Baseline, Losses, ReversalWindow, Output,
        };
        command.SetAction(parse => Run(parse, parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(ParseResult parse, TextWriter standardOutput)
    {
        var scoreColumns = parse.GetValue(Scores)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (scoreColumns.Length < 3)
        {
            throw new InputException("--scores: give at least three session columns, comma-separated");
        }

        var baseline = parse.GetValue(Baseline);
        SuddenChangeCriteria criteria;
        try
        {
            // The published rule looks from n+2; suddengains from n+3 unless the first score is a baseline (see SuddenChangeCriteria.ReversalFrom).
            var packageWindow = parse.GetValue(ReversalWindow) == SuddengainsPackage && baseline is null;
            criteria = new SuddenChangeCriteria(parse.GetValue(Cutoff), parse.GetValue(Pct), parse.GetValue(Alpha), !parse.GetValue(NoAdjust), reversalFrom: packageWindow ? 3 : 2);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InputException(ex.Message.Split(" (Parameter")[0]);
        }

        var people = Read(parse.GetValue(Input)!, parse.GetValue(Id)!, baseline, scoreColumns);
        var direction = parse.GetValue(Losses) ? ChangeDirection.Increase : ChangeDirection.Decrease;
        var rows = IdOrder.Sort(people, p => p.Id)
            .SelectMany(p => SuddenChangeDetector.Find(p.Series, baseline is not null, direction, criteria).Select(change => (p.Id, change)));

        OutputFile.Write(parse.GetValue(Output), standardOutput, writer =>
        {
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
            foreach (var header in Header)
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var (id, change) in rows)
            {
                csv.WriteField(id);
                csv.WriteField(change.PreSession);
                csv.WriteField(change.PostSession);
                csv.WriteField(OutputFile.Number(change.PreScore));
                csv.WriteField(OutputFile.Number(change.PostScore));

                // As suddengains reports it: pre − post, negative for a loss.
                csv.WriteField(OutputFile.Number(change.PreScore - change.PostScore));
                csv.WriteField(change.Reversed ? 1 : 0);
                csv.NextRecord();
            }
        });
        return 0;
    }

    private static List<(string Id, double[] Series)> Read(string path, string idColumn, string? baselineColumn, string[] scoreColumns)
    {
        using var table = CsvTable.Open(path);
        var id = table.Column(idColumn, "--id");
        var baseline = baselineColumn is null ? -1 : table.Column(baselineColumn, "--baseline");
        var sessions = scoreColumns.Select(c => table.Column(c, "--scores")).ToArray();

        var people = new List<(string, double[])>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        while (table.Read())
        {
            var person = table.Id(id);
            if (!seen.TryAdd(person, table.Line))
            {
                throw new InputException($"{path} line {table.Line}, column '{idColumn}': id '{person}' already appears on line {seen[person]}");
            }

            var series = new double[sessions.Length + 1];
            series[0] = baseline < 0 ? double.NaN : table.Score(baseline);
            for (var s = 0; s < sessions.Length; s++)
            {
                series[s + 1] = table.Score(sessions[s]);
            }

            people.Add((person, series));
        }

        return people;
    }
}
