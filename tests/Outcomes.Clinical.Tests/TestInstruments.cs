using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Tests;

internal static class TestInstruments
{
    public static InstrumentCatalog Catalog => InstrumentCatalog.BuiltIn;
    public static Instrument Phq9 => Catalog["phq9"];
    public static Instrument Gad7 => Catalog["gad7"];
    public static Instrument CheckIn => Catalog["checkin"];

    /// <summary>Loads a definition written by a test, as a clinic's file would be.</summary>
    public static Instrument Load(string json, string name = "clinic.json") =>
        InstrumentLoader.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), name);
}
