using Outcomes.Practice;
using Outcomes.Practice.Digests;

namespace Outcomes.Practice.Tests;

public class DigestScheduleTests
{
    private static Therapist Therapist(string zone, DayOfWeek day = DayOfWeek.Monday, int hour = 8) =>
        new("t", "Dr T", "t@clinic.example", zone, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), day, hour);

    [Theory]
    // Monday 8:00 in London: GMT in winter, BST (UTC+1) in summer.
    [InlineData("Europe/London", "2026-11-30T08:00:00Z", "2026-11-30")]
    [InlineData("Europe/London", "2026-11-30T07:59:59Z", "2026-11-23")]
    [InlineData("Europe/London", "2026-06-01T07:00:00Z", "2026-06-01")]
    [InlineData("Europe/London", "2026-06-01T06:59:59Z", "2026-05-25")]
    // The first Monday after the clocks go forward (29 March 2026): 8:00 BST is 07:00 UTC.
    [InlineData("Europe/London", "2026-03-30T07:00:00Z", "2026-03-30")]
    // New York: Monday 8:00 is 13:00 UTC in winter, 12:00 UTC in summer.
    [InlineData("America/New_York", "2026-11-30T12:59:00Z", "2026-11-23")]
    [InlineData("America/New_York", "2026-11-30T13:00:00Z", "2026-11-30")]
    [InlineData("America/New_York", "2026-07-06T12:00:00Z", "2026-07-06")]
    // Sydney is a day ahead: Monday 8:00 AEDT is Sunday 21:00 UTC.
    [InlineData("Australia/Sydney", "2026-11-29T21:00:00Z", "2026-11-30")]
    [InlineData("Australia/Sydney", "2026-11-29T20:59:00Z", "2026-11-23")]
    public void LatestSlot_IsTheTherapistsWeekdayAndHourInTheirZone(string zone, string now, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DigestRun.LatestSlot(Therapist(zone), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void LatestSlot_FollowsTheConfiguredDayAndHour()
    {
        var friday = Therapist("Europe/London", DayOfWeek.Friday, 16);
        Assert.Equal(new DateOnly(2026, 11, 20), DigestRun.LatestSlot(friday, new DateTimeOffset(2026, 11, 27, 15, 59, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 27), DigestRun.LatestSlot(friday, new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void LatestSlot_IsNoneBeforeTheFirstSlotAfterEnrolment()
    {
        var enrolled = Therapist("Europe/London") with { EnrolledAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero) };
        Assert.Null(DigestRun.LatestSlot(enrolled, new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 30), DigestRun.LatestSlot(enrolled, new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void MissedCheckIns_CountLinksIssuedAfterTheLatestResponseThatExpired()
    {
        var now = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        IssuedInvitation Link(int daysAgo) => new(now.AddDays(-daysAgo), now.AddDays(-daysAgo + 7));
        var links = new[] { Link(28), Link(21), Link(14), Link(7), Link(1) };
        Assert.Equal(2, MissedCheckIns.InRow(links, now.AddDays(-20), now)); // 14 and 7 expired; 1 still open
        Assert.Equal(0, MissedCheckIns.InRow(links, now.AddDays(-2), now));
        Assert.Equal(4, MissedCheckIns.InRow(links, null, now));
    }
}
