using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outcomes.Practice;

namespace Outcomes.Api;

/// <summary>
/// Reads a JSON request body of at most 64 KiB, or says what is wrong with it: another content type
/// is 415, a larger body 413 (stopped at the limit, chunked or not), invalid UTF-8 or JSON 400.
/// Fields are read strictly: a value of the wrong kind is a problem, never taken as absent.
/// </summary>
internal static class JsonBody
{
    public static async Task<(JsonDocument? Document, IActionResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, new ObjectResult(new { error = "The request body must be JSON (Content-Type: application/json)." }) { StatusCode = StatusCodes.Status415UnsupportedMediaType });
        }

        var bytes = await RequestBody.ReadAsync(request, cancellationToken);
        if (bytes is null)
        {
            return (null, RequestBody.TooLarge());
        }

        if (!Utf8.IsValid(bytes))
        {
            return (null, Responses.BadRequest([new("(body)", "is not valid UTF-8 text")]));
        }

        try
        {
            var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, Responses.BadRequest([new("(body)", "must be a JSON object")]));
            }

            return (document, null);
        }
        catch (JsonException ex)
        {
            return (null, Responses.BadRequest([new("(body)", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})")]));
        }
    }

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    /// <summary>A text field: null when absent (or null); a value of another kind is a problem.</summary>
    public static string? String(JsonElement body, string name, List<Problem> problems)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        problems.Add(new(name, "must be text (a JSON string)"));
        return null;
    }

    /// <summary>A whole-number field: null when absent; a fraction, an exponent, a string or a number out of range is a problem.</summary>
    public static int? Int(JsonElement body, string name, List<Problem> problems)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null;
        if (text is not null && text.All(c => char.IsAsciiDigit(c) || c == '-') && value.TryGetInt32(out var number))
        {
            return number;
        }

        problems.Add(new(name, "must be a whole number, such as 8"));
        return null;
    }

    /// <summary>A list of texts: null when absent; anything else is a problem.</summary>
    public static List<string>? Strings(JsonElement body, string name, List<Problem> problems)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return value.EnumerateArray().Select(e => e.GetString()!).ToList();
        }

        problems.Add(new(name, "must be a list of texts, such as [\"phq9\", \"gad7\"]"));
        return null;
    }
}

/// <summary>A JSON object's fields read strictly; after reading, <see cref="ThrowIfAny"/> refuses the request if any was of the wrong kind.</summary>
internal sealed class JsonFields(JsonElement body)
{
    private readonly List<Problem> _problems = [];

    public string? String(string name) => JsonBody.String(body, name, _problems);

    public int? Int(string name) => JsonBody.Int(body, name, _problems);

    public List<string>? Strings(string name) => JsonBody.Strings(body, name, _problems);

    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new InvalidRequestException(_problems);
        }
    }
}
