using Outcomes.Clinical.Instruments;

namespace Outcomes.Clinical.Trajectories;

/// <summary>
/// The openly documented synthetic cohort the default expected-recovery bands are fitted on, until a
/// clinic has enough completed episodes of its own (docs/clinical-rules.md, "Expected recovery").
/// It is made up: a plausible shape, not anybody's outcomes, and every chart and email says so.
/// For a measure where lower is better, with a caseness and a reliable-change value:
/// <list type="bullet">
/// <item>1,000 episodes of 6 to 12 check-ins (uniform), the baseline uniform over the whole numbers from caseness to the top of the scale;</item>
/// <item>each episode heads for a share r of its baseline: 50 % respond (r from 0.2 to 0.5), 40 % partly (0.5 to 0.85), 10 % not (0.85 to 1.1) — about the share of clients a clinic's 90th-percentile path is meant to catch;</item>
/// <item>score at check-in k = baseline · (r + (1 − r) · e^(−λ(k − 1))), λ from 0.3 to 0.7, plus normal noise of the measure's
/// standard error of measurement (its reliable-change value / 2.77), rounded and kept within the scale;</item>
/// <item>drawn with <see cref="System.Random"/> seeded with <see cref="Seed"/>, so the cohort — and the bands — are the same everywhere.</item>
/// </list>
/// </summary>
public static class SyntheticCohort
{
    public const int Seed = 2026;
    public const int Size = 1000;

    private static readonly DateTimeOffset Epoch = new(2026, 1, 5, 18, 0, 0, TimeSpan.Zero);

    /// <summary>Whether the measure has what the cohort is drawn from: lower is better, a caseness and a reliable-change value.</summary>
    public static bool Covers(Instrument instrument) =>
        instrument.Direction == ScoreDirection.LowerIsBetter && instrument.Caseness is not null && instrument.ReliableChange is not null;

    public static IReadOnlyList<Episode> For(Instrument instrument, int size = Size, int seed = Seed)
    {
        if (!Covers(instrument))
        {
            throw new ArgumentException($"{instrument.Name} has no synthetic cohort: it needs lower-is-better scores, a caseness and a reliable-change value.", nameof(instrument));
        }

        var random = new Random(seed);
        double Uniform(double from, double to) => from + (random.NextDouble() * (to - from));
        double Normal()
        {
            // Box–Muller.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        var min = instrument.PrimaryScore.Min;
        var max = instrument.PrimaryScore.Max;
        var caseness = (int)Math.Ceiling(instrument.Caseness!.Value);
        var sem = instrument.ReliableChange!.Value / 2.77;
        var episodes = new List<Episode>(size);
        for (var i = 0; i < size; i++)
        {
            var checkIns = random.Next(6, 13);
            var baseline = random.Next(caseness, (int)max + 1);
            var group = random.NextDouble();
            var share = group < 0.50 ? Uniform(0.2, 0.5) : group < 0.90 ? Uniform(0.5, 0.85) : Uniform(0.85, 1.1);
            var rate = Uniform(0.3, 0.7);
            var scores = new List<double>(checkIns) { baseline };
            for (var k = 2; k <= checkIns; k++)
            {
                var expected = baseline * (share + ((1 - share) * Math.Exp(-rate * (k - 1))));
                scores.Add(Math.Clamp(Math.Round(expected + (sem * Normal())), min, max));
            }

            // Weekly check-ins, as a clinic's cadence of 7 days gives.
            episodes.Add(new Episode($"synthetic-{i + 1:D4}", scores, Enumerable.Range(0, checkIns).Select(k => Epoch.AddDays(7 * k)).ToList()));
        }

        return episodes;
    }

    /// <summary>The default bands of a measure the cohort covers, labelled synthetic; null for one it does not.</summary>
    public static ExpectedRecovery? DefaultFor(Instrument instrument) =>
        Covers(instrument) ? ExpectedRecovery.Fit(instrument, For(instrument), "synthetic reference cohort", isSynthetic: true) : null;
}
