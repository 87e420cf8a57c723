using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Outcomes.Practice.Data;

namespace Outcomes.Exchange;

/// <summary>
/// Reads a caseload file: UTF-8 CSV with a header naming <see cref="CaseloadImport.Columns"/> (in any
/// order; <c>first_check_in</c> may be left out). What cannot be read as CSV at all is reported with
/// its line, like a bad cell.
/// </summary>
public static class CaseloadCsv
{
    public static (IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportProblem> Problems) Read(byte[] body)
    {
        var problems = new List<ImportProblem>();
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return ([], [new ImportProblem(1, null, "the file is not UTF-8 text; save it as CSV UTF-8")]);
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            TrimOptions = TrimOptions.None,
            BadDataFound = bad => problems.Add(new ImportProblem(bad.Context.Parser?.RawRow ?? 0, null, "a quote in a cell that is not quoted; put the whole cell in double quotes")),
            MissingFieldFound = null,
        };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader())
        {
            return ([], [new ImportProblem(1, null, $"the file is empty; its first line names the columns: {string.Join(",", CaseloadImport.Columns)}")]);
        }

        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var required = CaseloadImport.Columns.Where(c => c != "first_check_in");
        foreach (var missing in required.Where(c => !header.Contains(c)))
        {
            problems.Add(new ImportProblem(1, missing, "this column is missing from the header line"));
        }

        foreach (var unknown in header.Where(h => !CaseloadImport.Columns.Contains(h)).Distinct())
        {
            problems.Add(new ImportProblem(1, unknown, $"not a column of a caseload file ({string.Join(", ", CaseloadImport.Columns)})"));
        }

        foreach (var twice in header.GroupBy(h => h).Where(g => g.Count() > 1))
        {
            problems.Add(new ImportProblem(1, twice.Key, "this column is named twice"));
        }

        if (problems.Count > 0)
        {
            return ([], problems);
        }

        var rows = new List<ImportRow>();
        string? Cell(string column) => header.IndexOf(column) is var i and >= 0 && i < csv.Parser.Count ? csv.Parser[i] : null;
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            if (csv.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace))
            {
                continue; // a blank line (spreadsheets leave them at the end)
            }

            if (csv.Parser.Count != header.Count)
            {
                problems.Add(new ImportProblem(line, null, $"{csv.Parser.Count} cells where the header names {header.Count}"));
                continue;
            }

            rows.Add(new ImportRow(line, Cell("therapist_email"), Cell("display_code"), Cell("client_email"), Cell("instruments"), Cell("cadence_days"), Cell("time_zone"), Cell("first_check_in")));
        }

        return (rows, problems);
    }
}
