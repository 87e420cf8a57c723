using Outcomes.Clinical.Scoring;

namespace Outcomes.Clinical.Tests;

/// <summary>A client's own words are kept as text only (docs/clinical-rules.md, "Free text").</summary>
public class FreeTextTests
{
    [Theory]
    [InlineData("I saw \u202Eit differently", "I saw it differently")] // a right-to-left override, which reverses what follows on a page
    [InlineData("zero\u200Bwidth\u200D join\uFEFF", "zerowidth join")]
    [InlineData("bell\u0007 escape\u001B[31m null\u0000", "bell escape[31m null")]
    [InlineData("isolate \u2066x\u2069 mark\u200F", "isolate x mark")]
    [InlineData("line\u2028separator\u2029paragraph", "lineseparatorparagraph")]
    [InlineData("private \uE000use", "private use")]
    public void InvisibleCharacters_AreRemoved(string typed, string kept) =>
        Assert.Equal(kept, FreeText.Clean(typed));

    [Theory]
    [InlineData("first\r\nsecond\rthird\nfourth", "first\nsecond\nthird\nfourth")]
    [InlineData("a\tb", "a b")]
    public void LineBreaksStayAsPlainBreaks_TabsBecomeSpaces(string typed, string kept) =>
        Assert.Equal(kept, FreeText.Clean(typed));

    [Theory]
    [InlineData("Zoë's «insight» — 😊 ok")]
    [InlineData("مرحبا بالعالم")] // right-to-left script itself is text, and stays
    [InlineData("")]
    public void OrdinaryText_InAnyScript_IsKeptAsTyped(string typed) =>
        Assert.Equal(typed, FreeText.Clean(typed));

    [Fact]
    public void ABrokenSurrogate_IsRemoved() =>
        Assert.Equal("ab", FreeText.Clean("a\uD800b"));

    [Fact]
    public void Answers_KeepTheirChoicesAndCleanTheirTexts()
    {
        var answers = new AnswerSet(new Dictionary<string, int> { ["1"] = 3 }, new Dictionary<string, string> { ["7text"] = "a\u202Eb" });

        var kept = FreeText.Clean(answers);

        Assert.Equal(3, kept.Choices["1"]);
        Assert.Equal("ab", kept.Texts["7text"]);
    }
}
