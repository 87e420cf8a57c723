using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Tests;

public class InstrumentTests
{
    [Fact]
    public void BuiltIn_ShipsPhq9Gad7AndCheckIn()
    {
        Assert.Equal(["checkin", "gad7", "phq9"], TestInstruments.Catalog.All.Select(i => i.Id).Order());
    }

    [Fact]
    public void Phq9_ItemsAndOptionsAreClinicalMdWordForWord()
    {
        var phq9 = TestInstruments.Phq9;
        Assert.Equal("Over the last 2 weeks, how often have you been bothered by any of the following problems?", phq9.Instructions);
        string[] items =
        [
            "Little interest or pleasure in doing things",
            "Feeling down, depressed, or hopeless",
            "Trouble falling or staying asleep, or sleeping too much",
            "Feeling tired or having little energy",
            "Poor appetite or overeating",
            "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
            "Thoughts that you would be better off dead or of hurting yourself in some way",
        ];
        Assert.Equal(items, phq9.PrimaryScore.Items.Select(id => phq9.FindItem(id)!.Text));
        Assert.All(phq9.PrimaryScore.Items, id => Assert.Equal(
            ["Not at all (0)", "Several days (1)", "More than half the days (2)", "Nearly every day (3)"],
            phq9.FindItem(id)!.Options.Select(o => $"{o.Label} ({o.Value})")));
        var difficulty = phq9.FindItem("difficulty")!;
        Assert.False(difficulty.Required);
        Assert.Equal(["Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"], difficulty.Options.Select(o => o.Label));
        Assert.StartsWith("Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues", phq9.Copyright);
        Assert.Equal((0, 27), (phq9.PrimaryScore.Min, phq9.PrimaryScore.Max));
        Assert.Equal([new RiskItem("9", 0)], phq9.RiskItems);
    }

    [Fact]
    public void Gad7_ItemsAreClinicalMdWordForWord()
    {
        var gad7 = TestInstruments.Gad7;
        Assert.Equal(
            [
                "Feeling nervous, anxious, or on edge",
                "Not being able to stop or control worrying",
                "Worrying too much about different things",
                "Trouble relaxing",
                "Being so restless that it is hard to sit still",
                "Becoming easily annoyed or irritable",
                "Feeling afraid, as if something awful might happen",
            ],
            gad7.Items.Select(i => i.Text));
        Assert.Equal((0, 21), (gad7.PrimaryScore.Min, gad7.PrimaryScore.Max));
        Assert.Empty(gad7.RiskItems);
    }

    [Fact]
    public void CheckIn_IsMarkedAsNotValidatedWithOpennessFromItemsOneToThree()
    {
        var checkIn = TestInstruments.CheckIn;
        Assert.False(checkIn.Validated);
        Assert.Contains("not a validated instrument", checkIn.Notice);
        Assert.Equal("openness", checkIn.PrimaryScore.Id);
        Assert.Equal(["1", "2", "3"], checkIn.PrimaryScore.Items);
        Assert.Equal((0, 12), (checkIn.PrimaryScore.Min, checkIn.PrimaryScore.Max));
        Assert.Equal(ScoreDirection.HigherIsBetter, checkIn.Direction);
        Assert.Equal(["Not at all", "A little", "Somewhat", "Quite a bit", "Very much"], checkIn.FindItem("6")!.Options.Select(o => o.Label));
        Assert.Equal("6", checkIn.TrustItem);
        Assert.Equal("7", checkIn.BreakthroughItem);
        Assert.Equal(1000, checkIn.FindItem("7text")!.MaxLength);
        Assert.Null(checkIn.Caseness);
        Assert.Null(checkIn.ReliableChange);
    }

    [Theory]
    [InlineData(0, "minimal", false)]
    [InlineData(4, "minimal", false)]
    [InlineData(5, "mild", false)]
    [InlineData(9, "mild", false)]
    [InlineData(10, "moderate", true)]
    [InlineData(14, "moderate", true)]
    [InlineData(15, "moderately severe", true)]
    [InlineData(19, "moderately severe", true)]
    [InlineData(20, "severe", true)]
    [InlineData(27, "severe", true)]
    public void Phq9Bands_FollowClinicalMdWithCasenessAtTen(int total, string band, bool caseness)
    {
        Assert.Equal(band, TestInstruments.Phq9.BandFor(total)!.Label);
        Assert.Equal(caseness, TestInstruments.Phq9.IsAtCaseness(total));
    }

    [Theory]
    [InlineData(0, "minimal", false)]
    [InlineData(4, "minimal", false)]
    [InlineData(5, "mild", false)]
    [InlineData(7, "mild", false)]
    [InlineData(8, "mild", true)]
    [InlineData(9, "mild", true)]
    [InlineData(10, "moderate", true)]
    [InlineData(14, "moderate", true)]
    [InlineData(15, "severe", true)]
    [InlineData(21, "severe", true)]
    public void Gad7Bands_FollowClinicalMdWithCasenessAtEight(int total, string band, bool caseness)
    {
        Assert.Equal(band, TestInstruments.Gad7.BandFor(total)!.Label);
        Assert.Equal(caseness, TestInstruments.Gad7.IsAtCaseness(total));
    }

    [Fact]
    public void ReliableChangeThresholds_AreSixForPhq9AndFourForGad7()
    {
        Assert.Equal(6, TestInstruments.Phq9.ReliableChange);
        Assert.Equal(4, TestInstruments.Gad7.ReliableChange);
    }
}
