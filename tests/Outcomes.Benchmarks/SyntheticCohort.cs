using System.Globalization;
using System.Text;

namespace Outcomes.Benchmarks;

/// <summary>Reproducible synthetic data shaped like a therapy service's export: falling scores, noise, some missing.</summary>
internal static class SyntheticCohort
{
    public static double[][] Series(int people, int sessions, int seed = 42)
    {
        var random = new Random(seed);
        var all = new double[people][];
        for (var p = 0; p < people; p++)
        {
            var x = new double[sessions + 1];
            x[0] = double.NaN;
            var level = random.Next(15, 45);
            var gainAt = random.Next(2, sessions);
            var gain = random.Next(0, 3) == 0 ? random.Next(6, 16) : 0;
            for (var s = 1; s <= sessions; s++)
            {
                var score = level - (s * 0.6) - (s > gainAt ? gain : 0) + random.Next(-4, 5);
                x[s] = random.Next(0, 12) == 0 ? double.NaN : Math.Clamp(Math.Round(score), 0, 63);
            }

            all[p] = x;
        }

        return all;
    }

    public static string WideCsv(double[][] series)
    {
        var sessions = series[0].Length - 1;
        var csv = new StringBuilder("id");
        for (var s = 1; s <= sessions; s++)
        {
            csv.Append(CultureInfo.InvariantCulture, $",s{s}");
        }

        csv.Append('\n');
        for (var p = 0; p < series.Length; p++)
        {
            csv.Append(p + 1);
            for (var s = 1; s <= sessions; s++)
            {
                csv.Append(',');
                if (!double.IsNaN(series[p][s]))
                {
                    csv.Append(series[p][s].ToString(CultureInfo.InvariantCulture));
                }
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    public static string LongCsv(int people, int seed = 7)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("id,time,score\n");
        for (var p = 1; p <= people; p++)
        {
            var pre = random.Next(10, 50);
            csv.Append(CultureInfo.InvariantCulture, $"{p},pre,{pre}\n");
            if (random.Next(0, 20) != 0)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{p},post,{Math.Max(0, pre - random.Next(-10, 25))}\n");
            }
        }

        return csv.ToString();
    }
}
