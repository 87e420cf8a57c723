using Outcomes.Practice.Email;

namespace Outcomes.Practice.Tests;

/// <summary>Bulk email paced inside the provider's minute and hour, with room left in both for risk alerts.</summary>
public class EmailPacingTests
{
    [Theory]
    [InlineData(5, 10, 450.0)]  // Azure-managed domain: 8 bulk emails an hour, one every 7.5 minutes; 2 an hour kept for risk alerts
    [InlineData(30, 100, 45.0)] // a new custom domain: 80 an hour
    [InlineData(30, 0, 2.5)]    // no hourly limit: 24 a minute
    [InlineData(0, 0, null)]    // unpaced
    [InlineData(1, 0, 60.0)]    // a limit of one has nothing to spare
    public void Interval_KeepsBulkInsideBothLimits(int perMinute, int perHour, double? seconds)
    {
        var interval = new EmailPacing(perMinute, perHour).Interval;

        Assert.Equal(seconds, interval?.TotalSeconds);
    }

    [Theory]
    [InlineData(5, 10)]
    [InlineData(30, 100)]
    [InlineData(100, 1000)]
    [InlineData(2, 3)]
    public void InAnyMinuteOrHour_BulkLeavesRoomForUrgentEmail(int perMinute, int perHour)
    {
        var interval = new EmailPacing(perMinute, perHour).Interval!.Value;

        // Slots at 0, interval, 2×interval …: the most that can fall in any window of a given length.
        static long MostIn(TimeSpan window, TimeSpan interval) => (window.Ticks + interval.Ticks - 1) / interval.Ticks;
        Assert.True(MostIn(TimeSpan.FromMinutes(1), interval) < perMinute);
        Assert.True(MostIn(TimeSpan.FromHours(1), interval) < perHour);
    }
}
