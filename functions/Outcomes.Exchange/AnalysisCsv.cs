using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Outcomes.Practice.Data;

namespace Outcomes.Exchange;

/// <summary>The exports in exactly the input formats of `outcomes analyze` (README, "Data in and out").</summary>
public static class AnalysisCsv
{
    /// <summary>
    /// Any cell a spreadsheet would take for a formula (starting =, +, -, @, tab or CR) is written
    /// with a leading apostrophe and quoted: CsvHelper's own escaping, as OWASP's CSV-injection
    /// guidance asks. Scores are never negative, so no number is touched.
    /// </summary>
    private static readonly CsvConfiguration Safe = new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    /// <summary>
    /// For `analyze sudden-gains`: one row per client, one column per check-in (<c>s1</c>, <c>s2</c>, …;
    /// empty after a client's last): <c>--id id --scores s1,…,sN</c>.
    /// </summary>
    public static string Wide(InstrumentExport export)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(writer, Safe);
        csv.WriteField("id");
        for (var i = 1; i <= export.MaxCheckIns; i++)
        {
            csv.WriteField(string.Create(CultureInfo.InvariantCulture, $"s{i}"));
        }

        csv.NextRecord();
        foreach (var client in export.Clients)
        {
            csv.WriteField(client.Id);
            for (var i = 0; i < export.MaxCheckIns; i++)
            {
                csv.WriteField(i < client.Scores.Count ? AnalysisExport.Number(client.Scores[i].Score) : "");
            }

            csv.NextRecord();
        }

        csv.Flush();
        return writer.ToString();
    }

    /// <summary>
    /// For `analyze reliable-change`: one row per client and check-in — <c>id,checkin,phase,date,score</c>,
    /// where phase is <c>baseline</c> (check-in 1), <c>latest</c> (the last, when there are two or more)
    /// or empty: <c>--id id --time phase --score score --pre baseline --post latest</c>.
    /// </summary>
    public static string Long(InstrumentExport export)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(writer, Safe);
        foreach (var header in new[] { "id", "checkin", "phase", "date", "score" })
        {
            csv.WriteField(header);
        }

        csv.NextRecord();
        foreach (var client in export.Clients)
        {
            for (var i = 0; i < client.Scores.Count; i++)
            {
                csv.WriteField(client.Id);
                csv.WriteField((i + 1).ToString(CultureInfo.InvariantCulture));
                csv.WriteField(i == 0 ? "baseline" : i == client.Scores.Count - 1 ? "latest" : "");
                csv.WriteField(client.Scores[i].At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(AnalysisExport.Number(client.Scores[i].Score));
                csv.NextRecord();
            }
        }

        csv.Flush();
        return writer.ToString();
    }
}
