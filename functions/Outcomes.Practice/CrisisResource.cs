namespace Outcomes.Practice;

/// <summary>
/// A service a client can call at once after a risk answer (the clinic's own list, in its country:
/// e.g. Samaritans, 116 123, any time). Shown with a tappable phone link on the thank-you page.
/// </summary>
public sealed record CrisisResource(string Name, string Phone, string? Hours = null, string? Web = null)
{
    /// <summary>The number for a <c>tel:</c> link: digits, with a leading + kept.</summary>
    public string Dial => (Phone.TrimStart().StartsWith('+') ? "+" : "") + new string(Phone.Where(char.IsAsciiDigit).ToArray());

    /// <summary>
    /// The clinic's list from its setting: entries separated by <c>;</c> (or new lines), each
    /// <c>name | phone | hours | web</c>, hours and web optional — for example
    /// <c>Samaritans | 116 123 | any time | https://www.samaritans.org; NHS 111 | 111 | option 2, any time</c>.
    /// (Plain text rather than JSON, so that <c>azd env set</c> carries it unescaped.) Every problem
    /// is named; an empty setting is an empty list.
    /// </summary>
    public static (IReadOnlyList<CrisisResource> Resources, IReadOnlyList<string> Problems) Parse(string? setting)
    {
        var resources = new List<CrisisResource>();
        var problems = new List<string>();
        var entries = (setting ?? "").Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var (entry, n) in entries.Select((e, i) => (e, i + 1)))
        {
            var fields = entry.Split('|', StringSplitOptions.TrimEntries);
            var (name, phone, hours, web) = (fields[0], fields.ElementAtOrDefault(1), NullIfEmpty(fields.ElementAtOrDefault(2)), NullIfEmpty(fields.ElementAtOrDefault(3)));
            var before = problems.Count;
            if (fields.Length > 4)
            {
                problems.Add($"entry {n} has more than name | phone | hours | web");
            }

            if (name.Length == 0 || !PlainText.IsPlain(name))
            {
                problems.Add($"entry {n} needs a name in plain text");
            }

            if (phone is null || phone.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')')) || phone.Count(char.IsAsciiDigit) < 3)
            {
                problems.Add($"entry {n} needs a phone number of digits (spaces, +, - and brackets allowed)");
            }

            if (hours is not null && !PlainText.IsPlain(hours))
            {
                problems.Add($"entry {n}: the hours must be plain text");
            }

            if (web is not null && !(Uri.TryCreate(web, UriKind.Absolute, out var address) && address.Scheme == "https"))
            {
                problems.Add($"entry {n}: the web address must start with https://");
            }

            if (problems.Count == before)
            {
                resources.Add(new CrisisResource(name, phone!, hours, web));
            }
        }

        return problems.Count == 0 ? (resources, []) : ([], problems);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
