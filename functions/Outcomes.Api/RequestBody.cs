using Microsoft.AspNetCore.Http;

namespace Outcomes.Api;

/// <summary>A request body of at most 64 KiB (or the limit given), read up to the limit and no further, whether its length is declared or chunked.</summary>
internal static class RequestBody
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/> (then at most one chunk past the limit was read).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken, int maxBytes = MaxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
