namespace Outcomes.Exchange.Fhir;

/// <summary>
/// The LOINC codes Outcomes sends, each checked against loinc.org (README, "Data in and out"): the
/// PHQ-9 and GAD-7 panels, their items and totals, and the frequency answers both share. An
/// instrument or item not listed here (the check-in, PHQ-9's difficulty question, a clinic's own
/// questionnaire) goes under Outcomes' own code system instead — never a guessed code.
/// </summary>
public static class Loinc
{
    public const string System = "http://loinc.org";

    public sealed record Codes(string Panel, string Total, IReadOnlyDictionary<string, string> Items, IReadOnlyDictionary<int, (string Code, string Display)> Answers);

    private static readonly IReadOnlyDictionary<int, (string, string)> Frequency = new Dictionary<int, (string, string)>
    {
        [0] = ("LA6568-5", "Not at all"),
        [1] = ("LA6569-3", "Several days"),
        [2] = ("LA6570-1", "More than half the days"),
        [3] = ("LA6571-9", "Nearly every day"),
    };

    public static readonly IReadOnlyDictionary<string, Codes> ByInstrument = new Dictionary<string, Codes>
    {
        ["phq9"] = new(
            "44249-1",
            "44261-6",
            new Dictionary<string, string>
            {
                ["1"] = "44250-9", ["2"] = "44255-8", ["3"] = "44259-0", ["4"] = "44254-1", ["5"] = "44251-7",
                ["6"] = "44258-2", ["7"] = "44252-5", ["8"] = "44253-3", ["9"] = "44260-8",
            },
            Frequency),
        ["gad7"] = new(
            "69737-5",
            "70274-6",
            new Dictionary<string, string>
            {
                ["1"] = "69725-0", ["2"] = "68509-9", ["3"] = "69733-4", ["4"] = "69734-2", ["5"] = "69735-9", ["6"] = "69689-8", ["7"] = "69736-7",
            },
            Frequency),
    };
}
