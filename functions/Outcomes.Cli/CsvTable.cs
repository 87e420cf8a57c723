using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Outcomes.Cli;

/// <summary>
/// A CSV file read row by row, with columns found by name and every error naming the file, the
/// line and the column.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly StreamReader _reader;
    private readonly CsvReader _csv;
    private readonly string[] _header;

    private CsvTable(string path, StreamReader reader)
    {
        Path = path;
        _reader = reader;
        _csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            BadDataFound = args => throw new InputException($"{path} line {args.Context.Parser?.RawRow}: malformed CSV near \"{Shorten(args.RawRecord)}\""),
            MissingFieldFound = null,
        });
        if (!_csv.Read() || !_csv.ReadHeader() || _csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw new InputException($"{path}: the file is empty; the first line must name the columns");
        }

        _header = header;
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InputException($"{path} line 1: column '{duplicate.Key}' appears more than once");
        }
    }

    public string Path { get; }

    /// <summary>The line of the current row in the file (the header is line 1).</summary>
    public long Line => _csv.Parser.RawRow;

    public static CsvTable Open(string path)
    {
        try
        {
            return new CsvTable(path, new StreamReader(path, detectEncodingFromByteOrderMarks: true));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the file: {ex.Message}");
        }
    }

    /// <summary>The position of a named column; an error listing the columns there are when it is missing.</summary>
    public int Column(string name, string option)
    {
        var index = Array.IndexOf(_header, name);
        if (index < 0)
        {
            throw new InputException($"{Path} line 1: no column '{name}' (given by {option}); the columns are: {string.Join(", ", _header)}");
        }

        return index;
    }

    public bool Read()
    {
        try
        {
            return _csv.Read();
        }
        catch (CsvHelperException ex) when (ex is not BadDataException)
        {
            throw new InputException($"{Path} line {Line}: malformed CSV: {ex.Message.Split('\n')[0]}");
        }
    }

    public string Field(int column)
    {
        if (column >= _csv.Parser.Count)
        {
            throw new InputException($"{Path} line {Line}: the row has {_csv.Parser.Count} fields; column '{_header[column]}' is missing");
        }

        return _csv.Parser[column] ?? "";
    }

    /// <summary>A score: empty or NA is missing (NaN); anything else must be a number.</summary>
    public double Score(int column)
    {
        var text = Field(column);
        if (text.Length == 0 || text == "NA")
        {
            return double.NaN;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw new InputException($"{Path} line {Line}, column '{_header[column]}': '{Shorten(text)}' is not a number (leave it empty or write NA when it is missing)");
    }

    /// <summary>An identifier: required and not NA.</summary>
    public string Id(int column)
    {
        var id = Field(column);
        if (id.Length == 0 || id == "NA")
        {
            throw new InputException($"{Path} line {Line}, column '{_header[column]}': the id is missing");
        }

        return id;
    }

    public void Dispose()
    {
        _csv.Dispose();
        _reader.Dispose();
    }

    private static string Shorten(string text) => text.Length <= 40 ? text.Trim() : text[..40].Trim() + "…";
}
