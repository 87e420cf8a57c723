using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Outcomes.Clinical.Cohorts;
using Outcomes.Clinical.Instruments;

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
        var isPre = TimeMatcher(pre);
        var isPost = TimeMatcher(post);

        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        var matched = false;
        while (table.Read())
        {
            var name = table.Id(id);
            if (!people.TryGetValue(name, out var person))
            {
                person = new Person();
                people.Add(name, person);
            }

            var at = table.Field(time);
            var atPre = isPre(at);
            if (!atPre && !isPost(at))
            {
                continue;
            }

            matched = true;
            var earlier = atPre ? person.PreLine : person.PostLine;
            if (earlier != 0)
            {
                throw new InputException($"{path} line {table.Line}, column '{timeColumn}': id '{name}' already has a score at time '{at}' (line {earlier})");
            }

            var value = table.Score(score);
            double? present = double.IsNaN(value) ? null : value;
            if (atPre)
            {
                (person.Pre, person.PreLine) = (present, table.Line);
            }
            else
            {
                (person.Post, person.PostLine) = (present, table.Line);
            }
        }

        if (!matched)
        {
            throw new InputException($"{path}: no row has time '{pre}' or '{post}' in column '{timeColumn}'");
        }

        return IdOrder.Sort(people, p => p.Key).Select(p => new CohortMember(p.Key, p.Value.Pre, p.Value.Post)).ToList();
    }

    /// <summary>Time values match as numbers when both are numbers (1 = 1.0), else as text.</summary>
    private static Func<string, bool> TimeMatcher(string wanted)
    {
        if (double.TryParse(wanted, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return value => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v == number : value == wanted;
        }

        return value => value == wanted;
    }

    private sealed class Person
    {
        public double? Pre { get; set; }
        public double? Post { get; set; }
        public long PreLine { get; set; }
        public long PostLine { get; set; }
    }

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
