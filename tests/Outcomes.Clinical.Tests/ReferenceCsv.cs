namespace Outcomes.Clinical.Tests;

/// <summary>Reads the small, comma-only reference CSV files (quoted headers, no embedded commas).</summary>
internal static class ReferenceCsv
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Reference", "suddengains", file);

    public static List<Dictionary<string, string>> Read(string file)
    {
        var lines = File.ReadAllLines(PathOf(file)).Where(l => l.Length > 0).ToList();
        var header = Split(lines[0]);
        return lines.Skip(1)
            .Select(line => Split(line).Select((value, i) => (header[i], value)).ToDictionary(p => p.Item1, p => p.value))
            .ToList();
    }

    /// <summary>A cell as a score: empty or NA is missing (NaN).</summary>
    public static double Score(string cell) =>
        cell is "" or "NA" ? double.NaN : double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A cell as R's logical or 0/1: TRUE/1 true, FALSE/0 false, NA null.</summary>
    public static bool? Logical(string cell) => cell switch
    {
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        "NA" => null,
        _ => throw new FormatException($"Not a logical: '{cell}'"),
    };

    private static string[] Split(string line) => line.Split(',').Select(c => c.Trim('"')).ToArray();
}
