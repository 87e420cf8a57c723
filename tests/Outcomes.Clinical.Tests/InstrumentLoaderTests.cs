using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Tests;

public class InstrumentLoaderTests
{
    // A small, valid clinic instrument (WHO-5-like shape, higher is better) that tests break one field at a time.
    private const string Valid = """
        {
          "id": "wellbeing",
          "version": "1",
          "name": "Wellbeing",
          "instructions": "Over the last two weeks:",
          "validated": false,
          "optionSets": { "scale": [ { "value": 0, "label": "Never" }, { "value": 1, "label": "Sometimes" }, { "value": 2, "label": "Often" } ] },
          "items": [
            { "id": "a", "text": "I felt cheerful", "options": "scale" },
            { "id": "b", "text": "I felt calm", "options": "scale" }
          ],
          "scores": [ { "id": "total", "items": ["a", "b"] } ],
          "primaryScore": "total",
          "direction": "higherIsBetter",
          "bands": [ { "label": "low", "min": 0, "max": 1 }, { "label": "high", "min": 2, "max": 4 } ],
          "caseness": 1,
          "reliableChange": 2,
          "riskItems": []
        }
        """;

    private static InstrumentDefinitionException LoadFails(string json, string name = "clinic.json") =>
        Assert.Throws<InstrumentDefinitionException>(() => TestInstruments.Load(json, name));

    [Fact]
    public void ValidClinicInstrument_LoadsWithComputedRange()
    {
        var instrument = TestInstruments.Load(Valid);
        Assert.Equal("wellbeing", instrument.Id);
        Assert.Equal((0, 4), (instrument.PrimaryScore.Min, instrument.PrimaryScore.Max));
        Assert.True(instrument.IsAtCaseness(1));
        Assert.False(instrument.IsAtCaseness(2));
    }

    [Fact]
    public void MalformedJson_NamesFileAndLine()
    {
        var error = LoadFails("{\n  \"id\": \"x\",\n  \"version\": \n}", "broken.json");
        Assert.StartsWith("broken.json: ", error.Message);
        Assert.Contains("line", error.Message);
    }

    [Fact]
    public void UnknownField_IsNamed()
    {
        var error = LoadFails(Valid.Replace("\"caseness\": 1", "\"casenes\": 1"));
        Assert.Contains("casenes", error.Message);
        Assert.StartsWith("clinic.json: ", error.Message);
    }

    [Theory]
    [InlineData("\"id\": \"wellbeing\",", "", "id: required")]
    [InlineData("\"id\": \"wellbeing\"", "\"id\": \"Well Being\"", "id: must be")]
    [InlineData("\"instructions\": \"Over the last two weeks:\",", "", "instructions: required")]
    [InlineData("\"validated\": false,", "", "validated: required")]
    [InlineData("\"options\": \"scale\" },\n    { \"id\": \"b\"", "\"options\": \"scael\" },\n    { \"id\": \"b\"", "items[0].options: 'scael' is not one of optionSets")]
    [InlineData("{ \"id\": \"b\", \"text\": \"I felt calm\"", "{ \"id\": \"a\", \"text\": \"I felt calm\"", "items[1].id: 'a' appears twice")]
    [InlineData("\"items\": [\"a\", \"b\"]", "\"items\": [\"a\", \"c\"]", "scores[0].items[1]: 'c' is not one of items[].id")]
    [InlineData("\"primaryScore\": \"total\"", "\"primaryScore\": \"sum\"", "primaryScore: 'sum' is not one of scores[].id")]
    [InlineData("\"direction\": \"higherIsBetter\"", "\"direction\": \"up\"", "direction: 'up' is not")]
    [InlineData("\"min\": 2, \"max\": 4", "\"min\": 3, \"max\": 4", "bands[1].min: 3 does not follow")]
    [InlineData("\"min\": 2, \"max\": 4", "\"min\": 2, \"max\": 5", "bands: cover 0–5 but the primary score runs 0–4")]
    [InlineData("\"caseness\": 1", "\"caseness\": 9", "caseness: 9 is outside")]
    [InlineData("\"reliableChange\": 2", "\"reliableChange\": 0", "reliableChange: 0 must be above 0")]
    [InlineData("\"riskItems\": []", "\"riskItems\": [ { \"item\": \"z\", \"above\": 0 } ]", "riskItems[0].item: 'z' is not")]
    [InlineData("\"riskItems\": []", "\"riskItems\": [ { \"item\": \"a\", \"above\": 2 } ]", "riskItems[0].above")]
    [InlineData("{ \"value\": 2, \"label\": \"Often\" }", "{ \"value\": 1, \"label\": \"Often\" }", "optionSets.scale[2].value: 1 appears twice")]
    public void BrokenField_FailsNamingFileAndField(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid);
        var error = LoadFails(Valid.Replace(find, replace));
        Assert.Contains(expected, error.Message);
        Assert.All(error.Problems, p => Assert.Contains(":", p));
        Assert.StartsWith("clinic.json: ", error.Message);
    }

    [Fact]
    public void TextItemWithoutMaxLength_IsRejected()
    {
        var json = Valid.Replace("{ \"id\": \"b\", \"text\": \"I felt calm\", \"options\": \"scale\" }", "{ \"id\": \"b\", \"text\": \"Say more\", \"kind\": \"text\" }")
            .Replace("\"items\": [\"a\", \"b\"]", "\"items\": [\"a\"]")
            .Replace("\"max\": 4", "\"max\": 2").Replace("\"reliableChange\": 2", "\"reliableChange\": 1");
        var error = LoadFails(json);
        Assert.Contains("items[1].maxLength: required for a text item", error.Message);
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce()
    {
        var error = LoadFails(Valid.Replace("\"caseness\": 1", "\"caseness\": 9").Replace("\"direction\": \"higherIsBetter\"", "\"direction\": \"up\""));
        Assert.Equal(2, error.Problems.Count);
    }

    [Fact]
    public void ClinicFolder_AddsInstrumentsAndReplacesBuiltInById()
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-instruments-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "wellbeing.json"), Valid);
            var gad7 = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "functions", "Outcomes.Clinical", "Instruments", "Definitions", "gad7.json"));
            File.WriteAllText(Path.Combine(folder, "gad7.json"), gad7.Replace("\"caseness\": 8", "\"caseness\": 10"));

            var catalog = InstrumentCatalog.WithClinicFolder(folder);

            Assert.Equal(["checkin", "gad7", "phq9", "wellbeing"], catalog.All.Select(i => i.Id).Order());
            Assert.Equal(10, catalog["gad7"].Caseness);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ClinicFolder_BrokenFileNamesIt()
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-instruments-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "wellbeing.json"), Valid.Replace("\"caseness\": 1", "\"caseness\": 9"));
            var error = Assert.Throws<InstrumentDefinitionException>(() => InstrumentCatalog.WithClinicFolder(folder));
            Assert.Equal("wellbeing.json", error.Source);
            Assert.StartsWith("wellbeing.json: caseness:", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MissingFolder_IsAClearError()
    {
        var error = Assert.Throws<InstrumentDefinitionException>(() => InstrumentLoader.LoadFolder("/nonexistent/instruments"));
        Assert.Contains("does not exist", error.Message);
    }
}
