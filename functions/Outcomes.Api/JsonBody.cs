using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Outcomes.Api;

/// <summary>Reads a JSON request body of at most 64 KiB, or says what is wrong with it.</summary>
internal static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<(JsonDocument? Document, IActionResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var document = JsonDocument.Parse(buffer.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, Responses.BadRequest([new("(body)", "must be a JSON object")]));
            }

            return (document, null);
        }
        catch (JsonException ex)
        {
            return (null, Responses.BadRequest([new("(body)", $"is not valid JSON: {ex.Message.Split(" Path:")[0]}")]));
        }
    }

    private static ObjectResult TooLarge() =>
        new(new { error = $"The request body is larger than {MaxBytes / 1024} KiB." }) { StatusCode = StatusCodes.Status413PayloadTooLarge };

    public static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static int? Int(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    public static List<string>? Strings(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? value.EnumerateArray().Select(e => e.GetString()!).ToList()
            : null;
}
