namespace Outcomes.Practice;

/// <summary>
/// The email addresses Outcomes accepts: only those every sender can deliver to, so that no
/// email (a risk alert least of all) is refused at sending time. A plain <c>local@domain</c>: a
/// dot-atom local part, and a domain name of at least two labels — no quoted local parts, IP
/// literals, display names, or control, format (bidi) or non-ASCII characters.
/// </summary>
public static class EmailAddress
{
    // RFC 5322 atext, without the characters some providers refuse anyway.
    private const string AtomSpecials = "!#$%&'*+-/=?^_`{|}~";

    public static bool IsDeliverable(string? address)
    {
        if (address is null || address.Length > 254 || address.Any(c => !char.IsAscii(c) || char.IsControl(c)))
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at != address.IndexOf('@'))
        {
            return false;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        return local.Length <= 64 && IsDotAtom(local) && IsDomain(domain);
    }

    private static bool IsDotAtom(string text) =>
        text.Split('.').All(atom => atom.Length > 0 && atom.All(c => char.IsAsciiLetterOrDigit(c) || AtomSpecials.Contains(c, StringComparison.Ordinal)));

    private static bool IsDomain(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && l[0] != '-' && l[^1] != '-')
            && labels[^1].All(char.IsAsciiLetter) && labels[^1].Length >= 2;
    }
}
