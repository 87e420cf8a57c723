using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Outcomes.Practice.Alerts;

/// <summary>
/// A link token that carries what it is for and until when, sealed under the clinic's link key
/// with AES-GCM: it cannot be forged or altered, and it says nothing to whoever sees it — a mail
/// gateway or link scanner learns neither the client, nor the alert, nor that there was a risk
/// answer. Its nonce is derived from the content (HMAC-SHA256 under a key of its own, as in
/// AES-GCM-SIV's synthetic IV), so the same content always gives the same token and an email
/// composed twice carries the same link; different content never shares a nonce.
/// </summary>
public static class SignedLink
{
    public const string Acknowledge = "ack";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static string Create(byte[] key, string purpose, DateTimeOffset expiresAt, params string[] fields)
    {
        if (fields.Any(f => f.Contains('|', StringComparison.Ordinal)) || purpose.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A link's fields must not contain '|'.", nameof(fields));
        }

        var payload = Encoding.UTF8.GetBytes(string.Join('|', [purpose, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), .. fields]));
        var (sealing, nonces) = Keys(key);
        var token = new byte[NonceBytes + payload.Length + TagBytes];
        var nonce = token.AsSpan(0, NonceBytes);
        HMACSHA256.HashData(nonces, payload).AsSpan(0, NonceBytes).CopyTo(nonce);
        using var aes = new AesGcm(sealing, TagBytes);
        aes.Encrypt(nonce, payload, token.AsSpan(NonceBytes, payload.Length), token.AsSpan(NonceBytes + payload.Length));
        return Base64Url(token);
    }

    /// <summary>The link's fields when it is genuine, for <paramref name="purpose"/>, and unexpired; otherwise null.</summary>
    public static string[]? Verify(byte[] key, string? token, string purpose, DateTimeOffset now)
    {
        if (token is null || token.Length > 1024)
        {
            return null;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = FromBase64Url(token);
        }
        catch (FormatException)
        {
            return null;
        }

        if (sealedBytes.Length <= NonceBytes + TagBytes)
        {
            return null;
        }

        var payload = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(Keys(key).Sealing, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, payload.Length), sealedBytes.AsSpan(NonceBytes + payload.Length), payload);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null; // forged, altered, or sealed under another key
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length < 2 || parts[0] != purpose || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || now >= DateTimeOffset.FromUnixTimeSeconds(expires))
        {
            return null;
        }

        return parts[2..];
    }

    /// <summary>Two keys from the one link key, each for one use.</summary>
    private static (byte[] Sealing, byte[] Nonces) Keys(byte[] key) =>
        (HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: "outcomes link sealing"u8.ToArray()),
         HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: "outcomes link nonce"u8.ToArray()));

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
