using System.CommandLine;
using System.Globalization;
using Outcomes.Clinical;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Trajectories;

namespace Outcomes.Cli;

/// <summary>
/// <c>outcomes analyze trajectories</c>: fits expected-recovery bands from a clinic's export (the API's
/// long layout: id, checkin, date, score) and writes them as a file the clinic can load; with
/// <c>--validate</c>, holds out a share of episodes and compares the two "not on track" rules on them.
/// </summary>
internal static class TrajectoriesCommand
{
    private static readonly Option<string> Episodes = new("--episodes") { Required = true, Description = "The long export of one measure: columns id, checkin, date, score (GET /api/admin/export/{measure}.csv?layout=long)." };
    private static readonly Option<string> Measure = new("--instrument") { Required = true, Description = "The measure's id (phq9, gad7, or a clinic's own): its caseness, reliable change and scale." };
    private static readonly Option<int> MinCheckIns = new("--min-check-ins") { DefaultValueFactory = _ => ExpectedRecovery.CompletedCheckIns, Description = "An episode counts as completed with at least this many check-ins." };
    private static readonly Option<int> MinEpisodes = new("--min-episodes") { DefaultValueFactory = _ => ClinicalSettings.Default.OwnExpectedRecoveryFrom, Description = "Bands are written only from at least this many completed episodes that began at caseness; until then the synthetic reference serves." };
    private static readonly Option<string?> Output = new("--output") { Description = "Write the bands here (JSON) instead of to standard output." };
    private static readonly Option<bool> Validate = new("--validate") { Description = "Hold out a share of episodes and report, for expected recovery and the rule of thumb, how early and how well each flags those that ended without reliable improvement." };
    private static readonly Option<double> HoldOut = new("--hold-out") { DefaultValueFactory = _ => 0.3, Description = "The share of episodes held out by --validate (0 to 1)." };
    private static readonly Option<string?> Folder = new("--instrument-folder") { Description = "A folder of the clinic's own instrument definitions." };

    public static Command Create()
    {
        var command = new Command("trajectories", "Fit expected-recovery bands (10th, 50th, 90th percentile by check-in, given the baseline) from completed episodes.")
        {
            Episodes, Measure, MinCheckIns, MinEpisodes, Output, Validate, HoldOut, Folder,
        };
        command.SetAction(parse => Run(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(ParseResult parse, TextWriter standardOutput, TextWriter standardError)
    {
        var catalog = parse.GetValue(Folder) is { } folder ? InstrumentCatalog.WithClinicFolder(folder) : InstrumentCatalog.BuiltIn;
        var id = parse.GetValue(Measure)!;
        if (!catalog.TryGet(id, out var instrument))
        {
            throw new InputException($"--instrument: no measure '{id}'; there are {string.Join(", ", catalog.All.Select(i => i.Id).Order(StringComparer.Ordinal))}");
        }

        if (instrument.ReliableChange is null)
        {
            throw new InputException($"--instrument: {instrument.Name} has no reliable-change value, so expected recovery cannot be judged on it");
        }

        var minimum = parse.GetValue(MinCheckIns);
        if (minimum < 2)
        {
            throw new InputException("--min-check-ins: an episode needs at least 2 check-ins");
        }

        var path = parse.GetValue(Episodes)!;
        var all = Read(path);
        var completed = all.Where(e => e.Scores.Count >= minimum).ToList();
        var source = $"{completed.Count} completed episodes of {Path.GetFileName(path)}";
        if (parse.GetValue(Validate))
        {
            var holdOut = parse.GetValue(HoldOut);
            if (holdOut is <= 0 or >= 1)
            {
                throw new InputException("--hold-out: a share strictly between 0 and 1, such as 0.3");
            }

            var (fitted, expected, thumb) = TrajectoryValidation.Compare(instrument, completed, holdOut, ClinicalSettings.Default, source);
            standardOutput.WriteLine($"{instrument.Name}: {completed.Count} completed episodes (of {all.Count}); fitted on {fitted.Episodes} that began at caseness, {expected.Episodes} held out and judged.");
            standardOutput.WriteLine("rule,episodes,without reliable improvement,sensitivity,specificity,median check-in of first flag");
            foreach (var rule in new[] { expected, thumb })
            {
                standardOutput.WriteLine(string.Join(',', rule.Rule, rule.Episodes, rule.PoorOutcomes, Share(rule.Sensitivity), Share(rule.Specificity), rule.MedianFirstFlag is double m ? OutputFile.Number(m) : "—"));
            }

            return 0;
        }

        var bands = ExpectedRecovery.Fit(instrument, completed, source);
        var enough = Math.Max(parse.GetValue(MinEpisodes), ExpectedRecovery.MinEpisodesPerStep);
        if (bands.Episodes < enough || bands.Steps.Count == 0)
        {
            throw new InputException($"{path}: {bands.Episodes} completed episodes began at caseness; at least {enough} are needed (--min-episodes) before a clinic's own bands replace the synthetic reference");
        }

        OutputFile.Write(parse.GetValue(Output), standardOutput, writer => writer.Write(ExpectedRecoveryFile.Write([bands])));
        standardError.WriteLine($"{instrument.Name}: fitted on {bands.Episodes} completed episodes that began at caseness, check-ins 2 to {bands.Steps[^1].CheckIn}.");
        return 0;
    }

    private static string Share(double? value) => value is double v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    /// <summary>Episodes from the long layout, each in check-in order.</summary>
    private static List<Episode> Read(string path)
    {
        using var table = CsvTable.Open(path);
        var id = table.Column("id", "--episodes");
        var checkIn = table.Column("checkin", "--episodes");
        var date = table.Column("date", "--episodes");
        var score = table.Column("score", "--episodes");
        var rows = new Dictionary<string, SortedDictionary<int, (DateTimeOffset At, double Score)>>(StringComparer.Ordinal);
        while (table.Read())
        {
            var name = table.Id(id);
            if (!int.TryParse(table.Field(checkIn), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                throw new InputException($"{path} line {table.Line}, column 'checkin': '{table.Field(checkIn)}' is not a check-in number (1, 2, …)");
            }

            if (!DateOnly.TryParseExact(table.Field(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new InputException($"{path} line {table.Line}, column 'date': '{table.Field(date)}' is not a date (yyyy-MM-dd)");
            }

            var value = table.Score(score);
            if (double.IsNaN(value))
            {
                continue;
            }

            var episode = rows.TryGetValue(name, out var found) ? found : rows[name] = [];
            if (!episode.TryAdd(number, (new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), value)))
            {
                throw new InputException($"{path} line {table.Line}: id '{name}' has check-in {number} twice");
            }
        }

        return rows.Select(r => new Episode(r.Key, r.Value.Values.Select(v => v.Score).ToList(), r.Value.Values.Select(v => v.At).ToList())).ToList();
    }
}
