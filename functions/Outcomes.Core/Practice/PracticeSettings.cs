namespace Outcomes.Core.Practice;

/// <summary>How the practice runs; each a default the clinic may change.</summary>
public sealed record PracticeSettings
{
    /// <summary>A questionnaire link works for this long (7 days).</summary>
    public TimeSpan InvitationLifetime { get; init; } = TimeSpan.FromDays(7);

    public ClinicalSettings Clinical { get; init; } = ClinicalSettings.Default;

    /// <summary>Invitations go out at this hour of the client's own day (18:00).</summary>
    public int SendingHour { get; init; } = 18;

    /// <summary>One reminder this long after an invitation still unanswered (48 hours).</summary>
    public TimeSpan ReminderAfter { get; init; } = TimeSpan.FromHours(48);

    /// <summary>The clinic's name, in emails and on pages.</summary>
    public string ClinicName { get; init; } = "Outcomes";

    /// <summary>The moment <paramref name="day"/>'s sending hour begins in <paramref name="timeZone"/>; an hour that daylight saving skips moves to the next that exists.</summary>
    public DateTimeOffset SendingTime(DateOnly day, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = day.ToDateTime(new TimeOnly(SendingHour, 0));
        while (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>The client's own date at <paramref name="at"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset at, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);
}
