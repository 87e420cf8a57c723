using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Tests;

internal static class TestInstruments
{
    public static InstrumentCatalog Catalog => InstrumentCatalog.BuiltIn;
    public static Instrument Phq9 => Catalog["phq9"];
    public static Instrument Gad7 => Catalog["gad7"];
    public static Instrument CheckIn => Catalog["checkin"];

    /// <summary>PHQ-9 answers scored, totalling <paramref name="total"/> (at most 24), item 9 (the risk item) at 0.</summary>
    public static Scoring.InstrumentScore Phq9Score(int total)
    {
        var answers = new Dictionary<string, int>();
        for (var i = 1; i <= 9; i++)
        {
            answers[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = i == 9 ? 0 : Math.Min(3, Math.Max(0, total - (3 * (i - 1))));
        }

        return Scoring.InstrumentScoring.Score(Phq9, Scoring.AnswerSet.FromChoices(answers));
    }

    /// <summary>Loads a definition written by a test, as a clinic's file would be.</summary>
    public static Instrument Load(string json, string name = "clinic.json") =>
        InstrumentLoader.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), name);
}
