using System.Globalization;

namespace Outcomes.Cli;

/// <summary>
/// Orders people as R's dplyr::arrange does: numerically when every id is a number, otherwise
/// by character code (the C locale).
/// </summary>
internal static class IdOrder
{
    public static IComparer<string> For(IEnumerable<string> ids)
    {
        var numeric = ids.All(id => double.TryParse(id, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric
            ? Comparer<string>.Create((a, b) => double.Parse(a, CultureInfo.InvariantCulture).CompareTo(double.Parse(b, CultureInfo.InvariantCulture)))
            : StringComparer.Ordinal;
    }
}
