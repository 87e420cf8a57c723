using System.Globalization;

namespace Outcomes.Cli;

/// <summary>
/// Orders people as R's dplyr::arrange does: numerically when every id is a number, otherwise
/// by character code (the C locale).
/// </summary>
internal static class IdOrder
{
    public static IEnumerable<T> Sort<T>(IReadOnlyCollection<T> items, Func<T, string> id)
    {
        var numbers = new Dictionary<string, double>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = id(item);
            if (!double.TryParse(key, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return items.OrderBy(id, StringComparer.Ordinal);
            }

            numbers[key] = number;
        }

        return items.OrderBy(item => numbers[id(item)]);
    }
}
