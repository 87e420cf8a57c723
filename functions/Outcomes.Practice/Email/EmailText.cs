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

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
