using System.Text.Json;
using System.Text.RegularExpressions;

namespace Outcomes.Clinical.Instruments;

/// <summary>
/// Reads instrument definition files and validates every field, so that a clinic's own instrument
/// fails at load time with the file and field named, never later with a wrong score.
/// </summary>
public static partial class InstrumentLoader
{
    /// <summary>The definitions shipped with Outcomes: PHQ-9, GAD-7 and the session check-in.</summary>
    public static IReadOnlyList<Instrument> LoadBuiltIn()
    {
        var assembly = typeof(InstrumentLoader).Assembly;
        const string prefix = "Outcomes.Clinical.Instruments.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                return Load(stream, name[prefix.Length..]);
            })
            .ToList();
    }

    /// <summary>Every <c>*.json</c> file in a folder, in name order.</summary>
    public static IReadOnlyList<Instrument> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InstrumentDefinitionException(folder, ["the instrument folder does not exist"]);
        }

        return Directory.EnumerateFiles(folder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(LoadFile)
            .ToList();
    }

    public static Instrument LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, Path.GetFileName(path));
    }

    /// <summary>Reads one definition; <paramref name="source"/> names it in every error.</summary>
    public static Instrument Load(Stream json, string source)
    {
        InstrumentDefinitionFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, InstrumentDefinitionJsonContext.Default.InstrumentDefinitionFile);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "(document)" : ex.Path.TrimStart('$', '.');
            var where = ex.LineNumber is long line ? $" (line {line + 1})" : "";
            throw new InstrumentDefinitionException(source, [$"{field}: {Describe(ex)}{where}"]);
        }

        if (file is null)
        {
            throw new InstrumentDefinitionException(source, ["(document): the file is empty or null"]);
        }

        var problems = new List<string>();
        var instrument = Validate(file, problems);
        if (problems.Count > 0 || instrument is null)
        {
            throw new InstrumentDefinitionException(source, problems);
        }

        return instrument;
    }

    private static string Describe(JsonException ex)
    {
        // System.Text.Json names an unknown property in its message; keep the first sentence only.
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$")]
    private static partial Regex InstrumentIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")]
    private static partial Regex ItemIdPattern();

    private static Instrument? Validate(InstrumentDefinitionFile file, List<string> problems)
    {
        var id = Required(file.Id, "id", problems);
        if (id is not null && !InstrumentIdPattern().IsMatch(id))
        {
            problems.Add("id: must be 1-32 lower-case letters, digits, '-' or '_' (it appears in links and storage keys)");
        }

        var version = Required(file.Version, "version", problems);
        var name = Required(file.Name, "name", problems);
        var title = file.Title ?? name;
        var instructions = Required(file.Instructions, "instructions", problems);
        if (file.Validated is null)
        {
            problems.Add("validated: required (true for a published, validated instrument; false for the clinic's own)");
        }

        var optionSets = ValidateOptionSets(file.OptionSets, problems);
        var items = ValidateItems(file.Items, optionSets, problems);
        var scores = ValidateScores(file.Scores, items, problems);

        ScoreDefinition? primary = null;
        if (Required(file.PrimaryScore, "primaryScore", problems) is string primaryId)
        {
            primary = scores.FirstOrDefault(s => s.Id == primaryId);
            if (primary is null && scores.Count > 0)
            {
                problems.Add($"primaryScore: '{primaryId}' is not one of scores[].id ({string.Join(", ", scores.Select(s => s.Id))})");
            }
        }

        ScoreDirection? direction = file.Direction switch
        {
            "lowerIsBetter" => ScoreDirection.LowerIsBetter,
            "higherIsBetter" => ScoreDirection.HigherIsBetter,
            _ => null,
        };
        if (direction is null)
        {
            problems.Add(file.Direction is null
                ? "direction: required ('lowerIsBetter' or 'higherIsBetter')"
                : $"direction: '{file.Direction}' is not 'lowerIsBetter' or 'higherIsBetter'");
        }

        var bands = ValidateBands(file.Bands, primary, problems);

        if (file.Caseness is double caseness && primary is not null && (caseness < primary.Min || caseness > primary.Max))
        {
            problems.Add($"caseness: {caseness} is outside the primary score's range {primary.Min}–{primary.Max}");
        }

        if (file.ReliableChange is double rc && (rc <= 0 || (primary is not null && rc > primary.Max - primary.Min)))
        {
            problems.Add($"reliableChange: {rc} must be above 0 and no larger than the score's range");
        }

        var riskItems = ValidateRiskItems(file.RiskItems, items, problems);
        ValidateItemReference(file.TrustItem, "trustItem", items, ItemKind.Choice, problems);
        ValidateItemReference(file.BreakthroughItem, "breakthroughItem", items, ItemKind.Choice, problems);

        if (problems.Count > 0)
        {
            return null;
        }

        return new Instrument
        {
            Id = id!,
            Version = version!,
            Name = name!,
            Title = title!,
            Instructions = instructions!,
            Copyright = file.Copyright,
            Notice = file.Notice,
            Validated = file.Validated!.Value,
            Items = items,
            Scores = scores,
            PrimaryScore = primary!,
            Direction = direction!.Value,
            Bands = bands,
            Caseness = file.Caseness,
            ReliableChange = file.ReliableChange,
            RiskItems = riskItems,
            TrustItem = file.TrustItem,
            BreakthroughItem = file.BreakthroughItem,
        };
    }

    private static string? Required(string? value, string field, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field}: required");
            return null;
        }

        return value;
    }

    private static Dictionary<string, IReadOnlyList<ResponseOption>> ValidateOptionSets(
        Dictionary<string, List<InstrumentDefinitionFile.OptionFile?>?>? sets, List<string> problems)
    {
        var result = new Dictionary<string, IReadOnlyList<ResponseOption>>(StringComparer.Ordinal);
        if (sets is null || sets.Count == 0)
        {
            problems.Add("optionSets: required, with at least one set of response options");
            return result;
        }

        foreach (var (setName, options) in sets)
        {
            var field = $"optionSets.{setName}";
            if (options is null || options.Count < 2)
            {
                problems.Add($"{field}: needs at least two options");
                continue;
            }

            var list = new List<ResponseOption>();
            for (var i = 0; i < options.Count; i++)
            {
                var option = options[i];
                if (option?.Value is not int value)
                {
                    problems.Add($"{field}[{i}].value: required (a whole number)");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(option.Label))
                {
                    problems.Add($"{field}[{i}].label: required");
                    continue;
                }

                if (list.Any(o => o.Value == value))
                {
                    problems.Add($"{field}[{i}].value: {value} appears twice");
                    continue;
                }

                list.Add(new ResponseOption(value, option.Label));
            }

            result[setName] = list;
        }

        return result;
    }

    private static List<InstrumentItem> ValidateItems(
        List<InstrumentDefinitionFile.ItemFile?>? files,
        Dictionary<string, IReadOnlyList<ResponseOption>> optionSets,
        List<string> problems)
    {
        var items = new List<InstrumentItem>();
        if (files is null || files.Count == 0)
        {
            problems.Add("items: required, with at least one item");
            return items;
        }

        for (var i = 0; i < files.Count; i++)
        {
            var field = $"items[{i}]";
            var file = files[i];
            if (file is null)
            {
                problems.Add($"{field}: null");
                continue;
            }

            var ok = true;
            if (string.IsNullOrWhiteSpace(file.Id) || !ItemIdPattern().IsMatch(file.Id))
            {
                problems.Add($"{field}.id: required, 1-32 letters, digits, '-' or '_'");
                ok = false;
            }
            else if (items.Any(it => it.Id == file.Id))
            {
                problems.Add($"{field}.id: '{file.Id}' appears twice");
                ok = false;
            }

            if (string.IsNullOrWhiteSpace(file.Text))
            {
                problems.Add($"{field}.text: required");
                ok = false;
            }

            ItemKind kind;
            switch (file.Kind)
            {
                case null or "choice":
                    kind = ItemKind.Choice;
                    break;
                case "text":
                    kind = ItemKind.Text;
                    break;
                default:
                    problems.Add($"{field}.kind: '{file.Kind}' is not 'choice' or 'text'");
                    ok = false;
                    kind = ItemKind.Choice;
                    break;
            }

            IReadOnlyList<ResponseOption> options = [];
            if (kind == ItemKind.Choice)
            {
                if (string.IsNullOrWhiteSpace(file.Options))
                {
                    problems.Add($"{field}.options: required for a choice item (the name of an option set)");
                    ok = false;
                }
                else if (!optionSets.TryGetValue(file.Options, out var set))
                {
                    problems.Add($"{field}.options: '{file.Options}' is not one of optionSets ({string.Join(", ", optionSets.Keys)})");
                    ok = false;
                }
                else
                {
                    options = set;
                }

                if (file.MaxLength is not null)
                {
                    problems.Add($"{field}.maxLength: only a text item has a maximum length");
                    ok = false;
                }
            }
            else
            {
                if (file.Options is not null)
                {
                    problems.Add($"{field}.options: a text item has no response options");
                    ok = false;
                }

                if (file.MaxLength is not (> 0 and <= 4000))
                {
                    problems.Add($"{field}.maxLength: required for a text item, 1 to 4000");
                    ok = false;
                }

                if (file.Required == true)
                {
                    problems.Add($"{field}.required: a text item is always optional");
                    ok = false;
                }
            }

            if (ok)
            {
                items.Add(new InstrumentItem(
                    file.Id!,
                    file.Text!,
                    kind,
                    options,
                    file.Required ?? kind == ItemKind.Choice,
                    file.Domain,
                    file.MaxLength));
            }
        }

        return items;
    }

    private static List<ScoreDefinition> ValidateScores(
        List<InstrumentDefinitionFile.ScoreFile?>? files, List<InstrumentItem> items, List<string> problems)
    {
        var scores = new List<ScoreDefinition>();
        if (files is null || files.Count == 0)
        {
            problems.Add("scores: required, with at least one score");
            return scores;
        }

        for (var i = 0; i < files.Count; i++)
        {
            var field = $"scores[{i}]";
            var file = files[i];
            if (file is null || string.IsNullOrWhiteSpace(file.Id))
            {
                problems.Add($"{field}.id: required");
                continue;
            }

            if (scores.Any(s => s.Id == file.Id))
            {
                problems.Add($"{field}.id: '{file.Id}' appears twice");
                continue;
            }

            if (file.Items is null || file.Items.Count == 0)
            {
                problems.Add($"{field}.items: required, the ids of the items it sums");
                continue;
            }

            double min = 0, max = 0;
            var ok = true;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < file.Items.Count; j++)
            {
                var itemId = file.Items[j];
                var item = items.FirstOrDefault(it => it.Id == itemId);
                if (itemId is null || item is null)
                {
                    problems.Add($"{field}.items[{j}]: '{itemId}' is not one of items[].id");
                    ok = false;
                    continue;
                }

                if (!seen.Add(itemId))
                {
                    problems.Add($"{field}.items[{j}]: '{itemId}' appears twice");
                    ok = false;
                    continue;
                }

                if (item.Kind != ItemKind.Choice || !item.Required)
                {
                    // A score must mean the same thing on every response, so it sums only required choice items.
                    problems.Add($"{field}.items[{j}]: '{itemId}' is not a required choice item");
                    ok = false;
                    continue;
                }

                min += item.Options.Min(o => o.Value);
                max += item.Options.Max(o => o.Value);
            }

            if (ok)
            {
                scores.Add(new ScoreDefinition(file.Id, file.Label ?? file.Id, file.Items!.Select(s => s!).ToList(), min, max));
            }
        }

        return scores;
    }

    private static List<Band> ValidateBands(
        List<InstrumentDefinitionFile.BandFile?>? files, ScoreDefinition? primary, List<string> problems)
    {
        var bands = new List<Band>();
        if (files is null || files.Count == 0)
        {
            return bands;
        }

        for (var i = 0; i < files.Count; i++)
        {
            var field = $"bands[{i}]";
            var file = files[i];
            if (file is null || string.IsNullOrWhiteSpace(file.Label))
            {
                problems.Add($"{field}.label: required");
                continue;
            }

            if (file.Min is not double min || file.Max is not double max)
            {
                problems.Add($"{field}: min and max are required");
                continue;
            }

            if (min > max)
            {
                problems.Add($"{field}: min {min} is above max {max}");
                continue;
            }

            if (bands.Count > 0 && min != bands[^1].Max + 1)
            {
                problems.Add($"{field}.min: {min} does not follow the previous band's max {bands[^1].Max} (bands must be in order, without gaps or overlaps)");
                continue;
            }

            bands.Add(new Band(file.Label, min, max));
        }

        if (primary is not null && bands.Count == files.Count && bands.Count > 0
            && (bands[0].Min != primary.Min || bands[^1].Max != primary.Max))
        {
            problems.Add($"bands: cover {bands[0].Min}–{bands[^1].Max} but the primary score runs {primary.Min}–{primary.Max}");
        }

        return bands;
    }

    private static List<RiskItem> ValidateRiskItems(
        List<InstrumentDefinitionFile.RiskItemFile?>? files, List<InstrumentItem> items, List<string> problems)
    {
        var risks = new List<RiskItem>();
        if (files is null)
        {
            return risks;
        }

        for (var i = 0; i < files.Count; i++)
        {
            var field = $"riskItems[{i}]";
            var file = files[i];
            var item = items.FirstOrDefault(it => it.Id == file?.Item);
            if (file is null || item is null || item.Kind != ItemKind.Choice)
            {
                problems.Add($"{field}.item: '{file?.Item}' is not a choice item of this instrument");
                continue;
            }

            if (file.Above is not int above || !item.Options.Any(o => o.Value > above) || above < item.Options.Min(o => o.Value))
            {
                problems.Add($"{field}.above: required, a value of the item's options below its highest option");
                continue;
            }

            risks.Add(new RiskItem(file.Item!, above));
        }

        return risks;
    }

    private static void ValidateItemReference(string? itemId, string field, List<InstrumentItem> items, ItemKind kind, List<string> problems)
    {
        if (itemId is null)
        {
            return;
        }

        var item = items.FirstOrDefault(it => it.Id == itemId);
        if (item is null || item.Kind != kind)
        {
            problems.Add($"{field}: '{itemId}' is not a {kind.ToString().ToLowerInvariant()} item of this instrument");
        }
    }
}
