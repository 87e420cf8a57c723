using System.Globalization;

namespace Outcomes.Practice.Email;

/// <summary>How emails write times and values.</summary>
public static class EmailText
{
    /// <summary>A moment as the reader's clock shows it, e.g. "Fri 27 Nov 2026, 09:14 (Europe/London)".</summary>
    public static string LocalTime(DateTimeOffset at, string timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        return $"{local.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({timeZone})";
    }

    public static string LocalDate(DateTimeOffset at, string timeZone) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// A finding in every email and page that shows one, e.g. "Check-in 7 (24 Oct 2026): PHQ-9 rose
    /// from 9 to 15 since baseline: reliable deterioration" — one wording, so the hourly email and the
    /// digest say the same thing of the same finding.
    /// </summary>
    public static string Finding(string description, int? checkIn, DateTimeOffset? at, string timeZone) =>
        checkIn is int number && at is { } when
            ? string.Create(CultureInfo.InvariantCulture, $"Check-in {number} ({LocalDate(when, timeZone)}): {description}")
            : description;

    /// <summary>A finding as it stands: its words from its onset and, for a state that has lasted, where it is today.</summary>
    public static string Finding(Clinical.Progress.Finding finding, string timeZone) =>
        Finding(finding.Description, finding.CheckIn, finding.At, timeZone) + (finding.Now is { } now ? $"; {now}" : "");

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
