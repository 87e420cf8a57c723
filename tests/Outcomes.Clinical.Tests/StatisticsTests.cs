using Outcomes.Clinical.Statistics;

namespace Outcomes.Clinical.Tests;

public class StatisticsTests
{
    [Theory]
    [InlineData(4, 2.7764451)]
    [InlineData(3, 3.1824463)]
    [InlineData(2, 4.3026527)]
    public void CriticalValue_MatchesClinicalMd(int df, double expected)
    {
        Assert.Equal(expected, StudentT.TwoTailedCriticalValue(0.05, df), 7);
    }

    [Fact]
    public void Quantile_MatchesClosedFormsToFullPrecision()
    {
        // ν = 1: the Cauchy quantile; ν = 2: (2p − 1) / √(2p(1 − p)); ν = 4: Hill's closed form.
        foreach (var p in new[] { 0.6, 0.9, 0.975, 0.995, 0.9995 })
        {
            Assert.Equal(Math.Tan(Math.PI * (p - 0.5)), StudentT.Quantile(p, 1), 1e-12 * Math.Tan(Math.PI * (p - 0.5)));
            var two = (2 * p - 1) / Math.Sqrt(2 * p * (1 - p));
            Assert.Equal(two, StudentT.Quantile(p, 2), 1e-12 * two);
            var a = 4 * p * (1 - p);
            var q = Math.Cos(Math.Acos(Math.Sqrt(a)) / 3) / Math.Sqrt(a);
            Assert.Equal(Math.Sqrt(4 * (q - 1)), StudentT.Quantile(p, 4), 1e-11 * Math.Sqrt(4 * (q - 1)));
        }
    }

    [Fact]
    public void Quantile_IsSymmetricAndInvertsTheCdf()
    {
        for (var df = 1; df <= 30; df++)
        {
            foreach (var p in new[] { 0.001, 0.025, 0.3, 0.5, 0.8, 0.975 })
            {
                var t = StudentT.Quantile(p, df);
                Assert.Equal(p, StudentT.Cdf(t, df), 1e-13);
                Assert.Equal(-t, StudentT.Quantile(1 - p, df), 1e-9);
            }
        }
    }

    [Fact]
    public void LargeDegreesOfFreedom_ApproachTheNormal()
    {
        Assert.Equal(1.959963984540054, StudentT.Quantile(0.975, 20000), 3);
    }

    [Fact]
    public void MeanAndSampleSd_AreTheUsualOnes()
    {
        double[] values = [2, 4, 4, 4, 5, 5, 7, 9];
        Assert.Equal(5, SampleStatistics.Mean(values));
        Assert.Equal(Math.Sqrt(32.0 / 7), SampleStatistics.StandardDeviation(values), 15);
        Assert.True(double.IsNaN(SampleStatistics.StandardDeviation([3.0])));
    }

    [Fact]
    public void TheilSen_IsTheMedianPairwiseSlopeAndIgnoresOneOutlier()
    {
        Assert.Equal(1, TheilSen.Slope([6, 7, 8, 9]));
        Assert.Equal(1, TheilSen.Slope([6, 7, 0, 9, 10]));
        Assert.Equal(-1.5, TheilSen.Slope([10, 8, 7]));
    }
}
