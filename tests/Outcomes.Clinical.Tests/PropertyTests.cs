using CsCheck;
using Outcomes.Clinical.Instruments;
using Outcomes.Clinical.Scoring;
using Outcomes.Clinical.SuddenGains;

namespace Outcomes.Clinical.Tests;

/// <summary>Properties that hold for every series and answer set, checked on generated ones.</summary>
public class PropertyTests
{
    private static readonly SuddenChangeCriteria Criteria = new(cutoff: 7);

    // Sessions 1..N around a level that shifts once (so that gains and losses occur), with noise
    // and about one score in eight missing; x[0] is the (absent) baseline.
    private static readonly Gen<double[]> Series =
        Gen.Select(Gen.Int[10, 45], Gen.Int[-25, 25], Gen.Int[0, 17], Gen.Int[-3, 3].Array[4, 18], Gen.Int[0, 7].Array[18])
            .Select((level, shift, at, noise, missing) => new[] { double.NaN }
                .Concat(noise.Select((e, i) => missing[i] == 0 ? double.NaN : Math.Max(0, level + e + (i >= at ? shift : 0))))
                .ToArray());

    [Fact]
    public void ReversingASeries_TurnsEachGainIntoALoss()
    {
        var gainsSeen = 0;
        Series.Sample(x =>
        {
            var n = x.Length - 1;
            var reversed = new[] { double.NaN }.Concat(x.Skip(1).Reverse()).ToArray();
            var losses = SuddenChangeDetector.Find(reversed, false, ChangeDirection.Increase, Criteria).Select(l => l.PreSession).ToHashSet();
            var gains = SuddenChangeDetector.Find(x, false, ChangeDirection.Decrease, Criteria);
            Interlocked.Add(ref gainsSeen, gains.Count);
            return gains.All(g => losses.Contains(n - g.PreSession));
        }, iter: 5000);
        Assert.True(gainsSeen > 100, $"the generator produced only {gainsSeen} gains");
    }

    [Fact]
    public void AddingAMissingValue_NeverCreatesAGainWhoseIntervalTouchesIt()
    {
        Gen.Select(Series, Gen.Int[1, 17]).Sample((x, position) =>
        {
            var k = 1 + (position % (x.Length - 1));
            var holed = (double[])x.Clone();
            holed[k] = double.NaN;
            return SuddenChangeDetector.Find(holed, false, ChangeDirection.Decrease, Criteria)
                .All(g => g.PreSession != k && g.PostSession != k);
        });
    }

    [Fact]
    public void EveryGainFound_MeetsCriteriaOneAndTwoLiterallyWithinTheCheckedIntervals()
    {
        Series.Sample(x => SuddenChangeDetector.Find(x, false, ChangeDirection.Decrease, Criteria).All(g =>
            g.PreScore - g.PostScore >= 7
            && g.PreScore - g.PostScore >= 0.25 * g.PreScore
            && g.PreSession >= 2
            && g.PreSession <= x.Length - 3));
    }

    [Fact]
    public void AGainAndALossNeverShareAnInterval()
    {
        Series.Sample(x =>
        {
            var gains = SuddenChangeDetector.Find(x, false, ChangeDirection.Decrease, Criteria).Select(g => g.PreSession);
            var losses = SuddenChangeDetector.Find(x, false, ChangeDirection.Increase, Criteria).Select(l => l.PreSession);
            return !gains.Intersect(losses).Any();
        });
    }

    [Fact]
    public void ScoresOfValidAnswers_StayWithinTheInstrumentsRangeAndSumTheItems()
    {
        foreach (var instrument in TestInstruments.Catalog.All)
        {
            AnswersFor(instrument).Sample(answers =>
            {
                var score = InstrumentScoring.Score(instrument, answers);
                return score.Primary >= instrument.PrimaryScore.Min
                    && score.Primary <= instrument.PrimaryScore.Max
                    && score.Primary == instrument.PrimaryScore.Items.Sum(i => answers.Choices[i])
                    && (instrument.Bands.Count == 0 || score.Band is not null);
            });
        }
    }

    private static Gen<AnswerSet> AnswersFor(Instrument instrument)
    {
        var choiceItems = instrument.Items.Where(i => i.Kind == ItemKind.Choice).ToList();
        return Gen.Int[0, 1000].Array[choiceItems.Count].Select(picks => AnswerSet.FromChoices(
            choiceItems
                .Select((item, i) => (item, pick: picks[i]))
                .Where(p => p.item.Required || p.pick % 2 == 0)
                .ToDictionary(p => p.item.Id, p => p.item.Options[p.pick % p.item.Options.Count].Value)));
    }
}
