using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Outcomes.Core.Cohorts;
using Outcomes.Core.Instruments;

namespace Outcomes.Cli;

/// <summary><c>outcomes analyze reliable-change</c>: Jacobson–Truax reliable change and clinical significance over a long CSV.</summary>
internal static class ReliableChangeCommand
{
    private static readonly Option<string> Input = new("--input") { Required = true, Description = "Long CSV: one row per person and time point." };
    private static readonly Option<string> Id = new("--id") { Required = true, Description = "The column that identifies a person." };
    private static readonly Option<string> Time = new("--time") { Required = true, Description = "The column that names the time point." };
    private static readonly Option<string> Score = new("--score") { Required = true, Description = "The column with the score." };
    private static readonly Option<string> Pre = new("--pre") { Required = true, Description = "The time value of the pre measurement." };
    private static readonly Option<string> Post = new("--post") { Required = true, Description = "The time value of the post measurement." };
    private static readonly Option<double> Reliability = new("--reliability") { Required = true, Description = "The measure's reliability r (0 ≤ r < 1)." };
    private static readonly Option<string> Better = new Option<string>("--better") { DefaultValueFactory = _ => "lower", Description = "Which direction is better." }.AcceptOnlyFromAmong("lower", "higher");
    private static readonly Option<double?> FunctionalMean = new("--functional-mean") { Description = "Mean of a functional (non-clinical) population, for cutoffs b and c." };
    private static readonly Option<double?> FunctionalSd = new("--functional-sd") { Description = "SD of the functional population, for cutoffs b and c." };
    private static readonly Option<string?> Cutoff = new Option<string?>("--cutoff") { Description = "Clinical significance cutoff a, b or c (without one: Improved, Unchanged, Deteriorated only)." }.AcceptOnlyFromAmong("a", "b", "c");
    private static readonly Option<string?> Output = new("--output") { Description = "Write the CSV here instead of to standard output." };

    private static readonly string[] Header = ["id", "pre", "post", "change", "rci", "category"];

    public static Command Create()
    {
        var command = new Command("reliable-change", "Jacobson–Truax reliable change and clinical significance per person.")
        {
            Input, Id, Time, Score, Pre, Post, Reliability, Better, FunctionalMean, FunctionalSd, Cutoff, Output,
        };
        command.SetAction(parse => Run(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(ParseResult parse, TextWriter standardOutput, TextWriter standardError)
    {
        ReliableChangeSettings settings;
        try
        {
            CutoffType? cutoff = parse.GetValue(Cutoff) switch
            {
                "a" => CutoffType.A,
                "b" => CutoffType.B,
                "c" => CutoffType.C,
                _ => null,
            };
            var better = parse.GetValue(Better) == "higher" ? ScoreDirection.HigherIsBetter : ScoreDirection.LowerIsBetter;
            settings = new ReliableChangeSettings(parse.GetValue(Reliability), better, cutoff, parse.GetValue(FunctionalMean), parse.GetValue(FunctionalSd));
        }
        catch (ArgumentException ex)
        {
            throw new InputException(ex.Message.Split(" (Parameter")[0]);
        }

        var input = parse.GetValue(Input)!;
        var members = Read(input, parse.GetValue(Id)!, parse.GetValue(Time)!, parse.GetValue(Score)!, parse.GetValue(Pre)!, parse.GetValue(Post)!);
        CohortChange result;
        try
        {
            result = JacobsonTruax.Analyse(members, settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new InputException($"{input}: {ex.Message}");
        }

        var output = parse.GetValue(Output);
        OutputFile.Write(output, standardOutput, writer =>
        {
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
            foreach (var header in Header)
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var person in result.People)
            {
                csv.WriteField(person.Id);
                csv.WriteField(OutputFile.Number(person.Pre));
                csv.WriteField(OutputFile.Number(person.Post));
                csv.WriteField(OutputFile.Number(person.Change));
                csv.WriteField(OutputFile.Number(person.Rci));
                csv.WriteField(person.Category.ToString());
                csv.NextRecord();
            }
        });

        // The summary goes where it does not mix with the CSV.
        WriteSummary(output is null ? standardError : standardOutput, result, settings);
        return 0;
    }

    private static List<CohortMember> Read(string path, string idColumn, string timeColumn, string scoreColumn, string pre, string post)
    {
        using var table = CsvTable.Open(path);
        var id = table.Column(idColumn, "--id");
        var time = table.Column(timeColumn, "--time");
        var score = table.Column(scoreColumn, "--score");

        var order = new List<string>();
        var scores = new Dictionary<string, (double? Pre, double? Post)>(StringComparer.Ordinal);
        var lines = new Dictionary<(string, bool), long>();
        while (table.Read())
        {
            var person = table.Id(id);
            if (!scores.ContainsKey(person))
            {
                order.Add(person);
                scores[person] = (null, null);
            }

            var at = table.Field(time);
            var isPre = SameTime(at, pre);
            if (!isPre && !SameTime(at, post))
            {
                continue;
            }

            if (!lines.TryAdd((person, isPre), table.Line))
            {
                throw new InputException($"{path} line {table.Line}, column '{timeColumn}': id '{person}' already has a score at time '{at}' (line {lines[(person, isPre)]})");
            }

            var value = table.Score(score);
            double? present = double.IsNaN(value) ? null : value;
            scores[person] = isPre ? (present, scores[person].Post) : (scores[person].Pre, present);
        }

        if (lines.Count == 0)
        {
            throw new InputException($"{path}: no row has time '{pre}' or '{post}' in column '{timeColumn}'");
        }

        var comparer = IdOrder.For(order);
        return order.OrderBy(p => p, comparer).Select(p => new CohortMember(p, scores[p].Pre, scores[p].Post)).ToList();
    }

    /// <summary>Time values match as numbers when both are numbers (1 = 1.0), else as text.</summary>
    private static bool SameTime(string value, string wanted) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
        && double.TryParse(wanted, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            ? a == b
            : string.Equals(value, wanted, StringComparison.Ordinal);

    private static void WriteSummary(TextWriter writer, CohortChange result, ReliableChangeSettings settings)
    {
        var better = settings.Better == ScoreDirection.LowerIsBetter ? "lower" : "higher";
        var total = result.People.Count + result.LeftOut.Count;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Reliable change (Jacobson-Truax): reliability {settings.Reliability}, {better} is better"));
        writer.WriteLine($"People used: {result.People.Count} of {total}");
        if (result.LeftOut.Count > 0)
        {
            var reasons = result.LeftOut.GroupBy(l => l.Reason).Select(g => $"{g.Count()} {g.Key}");
            writer.WriteLine($"People left out: {result.LeftOut.Count} ({string.Join(", ", reasons)}): {string.Join(", ", result.LeftOut.Select(l => l.Id))}");
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pre scores: mean {result.ClinicalMean:0.####}, SD {result.ClinicalSd:0.####}"));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"s_diff: {result.SDiff:0.######} (a change is reliable when |RCI| > {result.CriticalValue:0.######})"));
        if (result.CutoffValue is double cutoff)
        {
            var functional = settings.FunctionalMean is double m ? string.Create(CultureInfo.InvariantCulture, $"; functional population mean {m}, SD {settings.FunctionalSd}") : "";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cutoff {result.CutoffType.ToString()!.ToLowerInvariant()}: {cutoff:0.######}{functional}"));
        }
        else
        {
            writer.WriteLine("Cutoff: none (categories from the RCI alone)");
        }

        var categories = settings.Cutoff is null
            ? new[] { ChangeCategory.Improved, ChangeCategory.Unchanged, ChangeCategory.Deteriorated }
            : Enum.GetValues<ChangeCategory>();
        writer.WriteLine(string.Join(", ", categories.Select(c => $"{c}: {result.Count(c)}")));
    }
}
