using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Outcomes.Practice.Alerts;

/// <summary>
/// A link token that carries what it is for and until when, signed with HMAC-SHA256 under the
/// clinic's link key: it cannot be forged or altered, and the same content always gives the same
/// token, so an email composed twice carries the same link.
/// </summary>
public static class SignedLink
{
    public const string Acknowledge = "ack";

    public static string Create(byte[] key, string purpose, DateTimeOffset expiresAt, params string[] fields)
    {
        if (fields.Any(f => f.Contains('|', StringComparison.Ordinal)) || purpose.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A signed link's fields must not contain '|'.", nameof(fields));
        }

        var payload = Encoding.UTF8.GetBytes(string.Join('|', [purpose, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), .. fields]));
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(key, payload))}";
    }

    /// <summary>The link's fields when it is genuine, for <paramref name="purpose"/>, and unexpired; otherwise null.</summary>
    public static string[]? Verify(byte[] key, string? token, string purpose, DateTimeOffset now)
    {
        if (token is null || token.Length > 1024 || token.Split('.') is not [var body, var signature])
        {
            return null;
        }

        byte[] payload, given;
        try
        {
            payload = FromBase64Url(body);
            given = FromBase64Url(signature);
        }
        catch (FormatException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), given))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length < 2 || parts[0] != purpose || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || now >= DateTimeOffset.FromUnixTimeSeconds(expires))
        {
            return null;
        }

        return parts[2..];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        if (text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new FormatException("Not base64url.");
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}

/// <summary>The clinic's key for signing links (kept in storage, created on first use).</summary>
public interface ILinkKey
{
    Task<byte[]> GetAsync(CancellationToken cancellationToken);
}
