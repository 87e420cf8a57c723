using Outcomes.Clinical.Cohorts;
using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Tests;

/// <summary>
/// Jacobson–Truax on a small cohort made for the test (lower is better). The expected figures
/// were worked out by hand from clinical.md's formulas: mean 29.667, SD 6.0208, r = .8,
/// s_diff = SD · √0.4 = 3.8079; cutoffs a = 17.625, b = 24 (functional 8 ± 8), c = 20.363.
/// </summary>
public class JacobsonTruaxTests
{
    private static readonly CohortMember[] Cohort =
    [
        new("a", 30, 12), new("b", 24, 22), new("c", 35, 40), new("d", 28, 27), new("e", 20, 29),
        new("f", 33, 18), new("g", 26, 9), new("h", 31, 30), new("i", 40, 25),
        new("j", null, 20), new("k", 25, null),
    ];

    private static CohortChange Analyse(CutoffType? cutoff, ScoreDirection better = ScoreDirection.LowerIsBetter, IEnumerable<CohortMember>? cohort = null) =>
        JacobsonTruax.Analyse(cohort ?? Cohort, new ReliableChangeSettings(0.8, better, cutoff, functionalMean: 8, functionalSd: 8));

    private static string Categories(CohortChange result) => string.Join(" ", result.People.Select(p => $"{p.Id}:{p.Category}"));

    [Fact]
    public void SDiffAndRci_FollowClinicalMd()
    {
        var result = Analyse(null);
        Assert.Equal(29.666666666666668, result.ClinicalMean, 12);
        Assert.Equal(6.020797289396148, result.ClinicalSd, 12);
        Assert.Equal(3.807886552931954, result.SDiff, 12);
        Assert.Equal(-4.727031582950012, result.People[0].Rci, 12);
        Assert.Equal(-18, result.People[0].Change);
    }

    [Fact]
    public void PeopleLackingAScore_AreLeftOutAndCountedWithTheReason()
    {
        var result = Analyse(null);
        Assert.Equal(9, result.People.Count);
        Assert.Equal([new LeftOutPerson("j", "no pre score"), new LeftOutPerson("k", "no post score")], result.LeftOut);
    }

    [Fact]
    public void WithoutCutoff_OnlyImprovedUnchangedDeteriorated()
    {
        Assert.Equal(
            "a:Improved b:Unchanged c:Unchanged d:Unchanged e:Deteriorated f:Improved g:Improved h:Unchanged i:Improved",
            Categories(Analyse(null)));
    }

    [Fact]
    public void CutoffA_IsTwoClinicalSdsTowardTheFunctionalSide()
    {
        var result = Analyse(CutoffType.A);
        Assert.Equal(17.625072087874372, result.CutoffValue!.Value, 12);
        Assert.Equal(
            "a:Recovered b:Unchanged c:Unchanged d:Unchanged e:Deteriorated f:Improved g:Recovered h:Unchanged i:Improved",
            Categories(result));
    }

    [Fact]
    public void CutoffB_IsTwoFunctionalSdsTowardTheClinicalSide()
    {
        var result = Analyse(CutoffType.B);
        Assert.Equal(24, result.CutoffValue);
        Assert.Equal(
            "a:Recovered b:Unchanged c:Unchanged d:Unchanged e:Harmed f:Recovered g:Recovered h:Unchanged i:Improved",
            Categories(result));
    }

    [Fact]
    public void CutoffC_WeighsBothPopulationsBySd()
    {
        var result = Analyse(CutoffType.C);
        Assert.Equal(20.362587501669708, result.CutoffValue!.Value, 12);
        Assert.Equal(
            "a:Recovered b:Unchanged c:Unchanged d:Unchanged e:Harmed f:Recovered g:Recovered h:Unchanged i:Improved",
            Categories(result));
        Assert.Equal(3, result.Count(ChangeCategory.Recovered));
        Assert.Equal(1, result.Count(ChangeCategory.Harmed));
    }

    [Fact]
    public void HigherIsBetter_IsTheMirrorImage()
    {
        // Scores 60 − x: the same people change the same way, with the scale turned round.
        var mirrored = Cohort.Select(m => new CohortMember(m.Id, 60 - m.Pre, 60 - m.Post));
        foreach (var cutoff in new CutoffType?[] { null, CutoffType.A, CutoffType.C })
        {
            var lower = Analyse(cutoff);
            var higher = JacobsonTruax.Analyse(mirrored, new ReliableChangeSettings(0.8, ScoreDirection.HigherIsBetter, cutoff, functionalMean: 52, functionalSd: 8));
            Assert.Equal(Categories(lower), Categories(higher));
        }
    }

    [Fact]
    public void ScoreOnTheCutoff_IsNeitherClinicalBeforeNorFunctionalAfter()
    {
        // Cutoff b = 24 exactly: x starts on it (not clinical), y ends on it (not functional).
        CohortMember[] cohort = [new("x", 24, 40), new("y", 40, 24), new("z", 30, 31), new("w", 35, 33)];
        var result = JacobsonTruax.Analyse(cohort, new ReliableChangeSettings(0.9, ScoreDirection.LowerIsBetter, CutoffType.B, 8, 8));
        Assert.Equal("x:Harmed y:Improved z:Unchanged w:Unchanged", Categories(result));
    }

    [Fact]
    public void CutoffBOrC_NeedsTheFunctionalPopulation()
    {
        Assert.Throws<ArgumentException>(() => new ReliableChangeSettings(0.8, ScoreDirection.LowerIsBetter, CutoffType.C));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReliableChangeSettings(1.0, ScoreDirection.LowerIsBetter));
    }

    [Fact]
    public void TooFewOrUniformPreScores_CannotBeAnalysed()
    {
        var settings = new ReliableChangeSettings(0.8, ScoreDirection.LowerIsBetter);
        Assert.Throws<InvalidOperationException>(() => JacobsonTruax.Analyse([new CohortMember("a", 10, 5)], settings));
        Assert.Throws<InvalidOperationException>(() => JacobsonTruax.Analyse([new CohortMember("a", 10, 5), new CohortMember("b", 10, 9)], settings));
    }
}
