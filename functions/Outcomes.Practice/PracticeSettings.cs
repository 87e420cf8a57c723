using Outcomes.Clinical;
namespace Outcomes.Practice;

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

    /// <summary>A risk alert nobody has acknowledged after this long goes to the duty contact (4 hours).</summary>
    public TimeSpan EscalateAfter { get; init; } = TimeSpan.FromHours(4);

    /// <summary>How clients reach the clinic (a phone number, an address), shown where a link no longer works.</summary>
    public string? ClinicContact { get; init; }

    /// <summary>The services a client is shown, with tappable numbers, straight after a risk answer; none: the neutral advice only.</summary>
    public IReadOnlyList<CrisisResource> CrisisResources { get; init; } = [];

    /// <summary>What clients are shown of their own progress unless their therapist chooses otherwise (<c>Outcomes:Clients:ShareProgress</c>): nothing, unless the clinic sets it.</summary>
    public ProgressSharing ShareProgress { get; init; } = ProgressSharing.NotShared;

    /// <summary>The clinic's duty contact's email address, told of unacknowledged risk alerts.</summary>
    public string? DutyContact { get; init; }

    /// <summary>An acknowledge link works for this long (7 days).</summary>
    public TimeSpan AcknowledgeLinkLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Digests with counts and a link only, no clinical detail in email.</summary>
    public bool MinimalDigests { get; init; }

    /// <summary>A discharged client's records are erased this long after discharge by the daily retention run; null (the default): kept.</summary>
    public TimeSpan? RetainDischargedFor { get; init; }

    /// <summary>A sent email's words are kept this long (for support: what did the therapist receive?), then only its metadata (30 days).</summary>
    public TimeSpan KeepEmailBodiesFor { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Events (sudden losses, breakthroughs) count in the digest for this long after they happen (28 days).</summary>
    public TimeSpan RecentEvents { get; init; } = TimeSpan.FromDays(28);

    /// <summary>The moment <paramref name="day"/>'s sending hour begins in <paramref name="timeZone"/>; an hour that daylight saving skips moves to the next that exists.</summary>
    public DateTimeOffset SendingTime(DateOnly day, string timeZone) => LocalHour(day, SendingHour, timeZone);

    /// <summary>The moment <paramref name="hour"/> o'clock begins on <paramref name="day"/> in <paramref name="timeZone"/>; an hour that daylight saving skips moves to the next that exists.</summary>
    public static DateTimeOffset LocalHour(DateOnly day, int hour, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = day.ToDateTime(new TimeOnly(hour, 0));
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
