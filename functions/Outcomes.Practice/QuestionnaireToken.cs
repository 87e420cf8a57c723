using System.Buffers.Text;
using System.Security.Cryptography;

namespace Outcomes.Practice;

/// <summary>
/// The secret in a questionnaire link: the client's id (16 bytes, so the store can find the
/// client's partition) followed by 256 random bits, base64url-encoded. Only its SHA-256 hash is
/// stored; a forged or mistyped token finds nothing.
/// </summary>
public static class QuestionnaireToken
{
    private const int IdBytes = 16;
    private const int SecretBytes = 32;

    public static (string Token, string Hash) Create(string clientId)
    {
        Span<byte> token = stackalloc byte[IdBytes + SecretBytes];
        WriteId(clientId, token);
        RandomNumberGenerator.Fill(token[IdBytes..]);
        return (Base64Url.EncodeToString(token), Hash(token));
    }

    /// <summary>
    /// A token whose secret is HMAC-SHA256(<paramref name="key"/>, client id + <paramref name="salt"/>):
    /// as unguessable as a random one, and made again from the salt when a reminder needs the link,
    /// so that no link is ever stored.
    /// </summary>
    public static (string Token, string Hash) Derive(ReadOnlySpan<byte> key, string clientId, ReadOnlySpan<byte> salt)
    {
        Span<byte> token = stackalloc byte[IdBytes + SecretBytes];
        WriteId(clientId, token);
        Span<byte> input = stackalloc byte[IdBytes + salt.Length];
        token[..IdBytes].CopyTo(input);
        salt.CopyTo(input[IdBytes..]);
        HMACSHA256.HashData(key, input, token[IdBytes..]);
        return (Base64Url.EncodeToString(token), Hash(token));
    }

    private static void WriteId(string clientId, Span<byte> token)
    {
        if (!Guid.TryParseExact(clientId, "N", out var id) || !id.TryWriteBytes(token[..IdBytes]))
        {
            throw new ArgumentException("A client id is 32 hex digits.", nameof(clientId));
        }
    }

    /// <summary>The client id and token hash in a link, or null when the token is not well formed.</summary>
    public static (string ClientId, string Hash)? Read(string? token)
    {
        if (token is null || token.Length != 64)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[IdBytes + SecretBytes];
        if (Base64Url.DecodeFromChars(token, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != token.Length || written != bytes.Length)
        {
            return null;
        }

        return (new Guid(bytes[..IdBytes]).ToString("N"), Hash(bytes));
    }

    private static string Hash(ReadOnlySpan<byte> token) => Convert.ToHexStringLower(SHA256.HashData(token));
}
