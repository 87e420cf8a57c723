using Outcomes.Clinical.Scoring;

namespace Outcomes.Clinical.Tests;

public class ScoringTests
{
    [Fact]
    public void Phq9_TotalBandCasenessAndNoRisk()
    {
        var score = InstrumentScoring.Score(TestInstruments.Phq9, AnswerSet.FromValues(2, 2, 1, 1, 2, 1, 1, 1, 0));
        Assert.Equal(11, score.Primary);
        Assert.Equal(11, score.Scores["total"]);
        Assert.Equal("moderate", score.Band);
        Assert.True(score.AtCaseness);
        Assert.False(score.HasRiskAnswer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Phq9ItemNineAboveZero_IsARiskAnswer(int item9)
    {
        var score = InstrumentScoring.Score(TestInstruments.Phq9, AnswerSet.FromValues(0, 0, 0, 0, 0, 0, 0, 0, item9));
        Assert.Equal(["9"], score.RiskItems);
        Assert.Equal("minimal", score.Band);
    }

    [Fact]
    public void Phq9DifficultyItem_IsOptionalAndNotScored()
    {
        var answers = new Dictionary<string, int> { ["difficulty"] = 3 };
        for (var i = 1; i <= 9; i++)
        {
            answers[i.ToString()] = 1;
        }

        var score = InstrumentScoring.Score(TestInstruments.Phq9, AnswerSet.FromChoices(answers));
        Assert.Equal(9, score.Primary);
    }

    [Fact]
    public void Gad7_TotalAndBand()
    {
        var score = InstrumentScoring.Score(TestInstruments.Gad7, AnswerSet.FromValues(3, 3, 3, 3, 3, 0, 0));
        Assert.Equal(15, score.Primary);
        Assert.Equal("severe", score.Band);
        Assert.True(score.AtCaseness);
    }

    [Fact]
    public void CheckIn_OpennessIsItemsOneToThreeWithTrustAndBreakthrough()
    {
        var answers = new AnswerSet(
            new Dictionary<string, int> { ["1"] = 4, ["2"] = 3, ["3"] = 2, ["4"] = 0, ["5"] = 1, ["6"] = 3, ["7"] = 1 },
            new Dictionary<string, string> { ["7text"] = "I saw that I avoid conflict." });
        var score = InstrumentScoring.Score(TestInstruments.CheckIn, answers);
        Assert.Equal(9, score.Primary);
        Assert.Equal(3, score.Trust);
        Assert.True(score.Breakthrough);
        Assert.Null(score.Band);
        Assert.Null(score.AtCaseness);
    }

    [Fact]
    public void CheckIn_WithoutTheOptionalQuestionsIsNoBreakthrough()
    {
        var score = InstrumentScoring.Score(TestInstruments.CheckIn, AnswerSet.FromValues(1, 1, 1, 1, 1, 1));
        Assert.False(score.Breakthrough);
        Assert.Equal(3, score.Primary);
    }

    [Fact]
    public void MissingItem_IsNamed()
    {
        var problems = InstrumentScoring.Validate(TestInstruments.Phq9, AnswerSet.FromValues(0, 0, 0, 0, 0, 0, 0, 0));
        Assert.Equal([new AnswerProblem("phq9", "9", "needs an answer")], problems);
    }

    [Fact]
    public void ValueOutsideOptions_IsNamedWithTheAllowedValues()
    {
        var problems = InstrumentScoring.Validate(TestInstruments.Gad7, AnswerSet.FromValues(0, 4, 0, 0, 0, 0, -1));
        Assert.Equal(
            [new AnswerProblem("gad7", "2", "4 is not one of its options (0, 1, 2, 3)"), new AnswerProblem("gad7", "7", "-1 is not one of its options (0, 1, 2, 3)")],
            problems);
    }

    [Fact]
    public void UnknownItem_IsNamed()
    {
        var problems = InstrumentScoring.Validate(TestInstruments.Gad7, AnswerSet.FromValues(0, 0, 0, 0, 0, 0, 0, 1));
        Assert.Equal([new AnswerProblem("gad7", "8", "is not an item of this questionnaire")], problems);
    }

    [Fact]
    public void TextTooLongOrOnAChoiceItem_IsNamed()
    {
        var answers = new AnswerSet(
            new Dictionary<string, int> { ["1"] = 1, ["2"] = 1, ["3"] = 1, ["4"] = 1, ["5"] = 1 },
            new Dictionary<string, string> { ["6"] = "a lot", ["7text"] = new string('x', 1001) });
        var problems = InstrumentScoring.Validate(TestInstruments.CheckIn, answers);
        Assert.Equal(
            [new AnswerProblem("checkin", "6", "takes one of its options, not text"), new AnswerProblem("checkin", "7text", "is 1001 characters long; at most 1000 are allowed")],
            problems);
    }

    [Fact]
    public void ScoringInvalidAnswers_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => InstrumentScoring.Score(TestInstruments.Phq9, AnswerSet.FromValues(1)));
        Assert.Contains("phq9 item 2: needs an answer", error.Message);
    }
}
