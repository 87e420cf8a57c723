using Microsoft.AspNetCore.Http;

namespace Outcomes.Api;

/// <summary>A request body of at most 64 KiB, read up to the limit and no further, whether its length is declared or chunked.</summary>
internal static class RequestBody
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>The body, or null when it is larger than <see cref="MaxBytes"/> (then at most one chunk past the limit was read).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
