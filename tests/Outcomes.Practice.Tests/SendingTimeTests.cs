using Outcomes.Practice;

namespace Outcomes.Practice.Tests;

public class SendingTimeTests
{
    private static readonly PracticeSettings Settings = new();

    [Theory]
    [InlineData("Europe/London", 2026, 12, 1, 18)]  // GMT
    [InlineData("Europe/London", 2027, 3, 29, 17)]  // BST, the day after the clocks go forward
    [InlineData("America/New_York", 2026, 11, 2, 23)] // EST, the day after the clocks go back
    [InlineData("Australia/Sydney", 2026, 12, 1, 7)]  // AEDT (+11)
    public void SendingHour_IsTheClientsLocalHourAcrossDaylightSaving(string zone, int year, int month, int day, int utcHour)
    {
        var at = Settings.SendingTime(new DateOnly(year, month, day), zone);
        Assert.Equal(utcHour, at.UtcDateTime.Hour);
        Assert.Equal(18, TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone)).Hour);
    }

    [Fact]
    public void HourSkippedByDaylightSaving_MovesToTheNextHourThatExists()
    {
        var early = new PracticeSettings { SendingHour = 1 };
        var at = early.SendingTime(new DateOnly(2027, 3, 28), "Europe/London"); // 01:00 does not exist that day
        Assert.Equal(2, TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).Hour);
    }

    [Fact]
    public void FirstInvitation_IsTodayIfTheSendingHourIsAheadElseTomorrow()
    {
        var client = new ClientProfile("c", "t", "C-1", "c@x.example", ["phq9"], 7, "Europe/London", DateTimeOffset.UnixEpoch);
        var morning = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var evening = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 12, 1), InvitationRun.FirstInvitation(client, morning, Settings).Cycle);
        Assert.Equal(new DateOnly(2026, 12, 2), InvitationRun.FirstInvitation(client, evening, Settings).Cycle);
    }
}
