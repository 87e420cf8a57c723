using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Outcomes.Practice;

namespace Outcomes.Api;

/// <summary>
/// Reads a JSON request body of at most 64 KiB into its contract, or says what is wrong with it:
/// another content type is 415, a larger body 413 (stopped at the limit, chunked or not), invalid
/// UTF-8 or JSON, or a value of the wrong kind, 400 naming the field. Values are read strictly: a
/// number in quotes, a fraction for a whole number, or a number for text is refused, never guessed.
/// </summary>
public static class JsonBody
{
    /// <summary>The contracts' JSON: camelCase names, matched exactly; numbers only as numbers.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
    };

    public static async Task<(T? Value, ProblemHttpResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return (null, ApiProblems.UnsupportedMediaType());
        }

        var bytes = await RequestBody.ReadAsync(request, cancellationToken);
        if (bytes is null)
        {
            return (null, ApiProblems.TooLarge());
        }

        if (!Utf8.IsValid(bytes))
        {
            return (null, ApiProblems.Invalid("(body)", "is not valid UTF-8 text"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.Invalid("(body)", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiProblems.Invalid("(body)", "must be a JSON object"));
            }

            try
            {
                return (document.Deserialize<T>(Options)!, null);
            }
            catch (JsonException ex)
            {
                return (null, ApiProblems.Invalid([ProblemOf<T>(ex.Path)]));
            }
        }
    }

    /// <summary>Whether the request says it carries JSON (<c>application/json</c> or a <c>+json</c> type).</summary>
    public static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The field a deserialization error is about (<c>$.digestHour</c>, <c>$.instruments[0]</c>), and what its value must be.</summary>
    private static Problem ProblemOf<T>(string? path)
    {
        var field = path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal)
            ? path[2..].Split('.', '[')[0]
            : "(body)";
        var type = Options.GetTypeInfo(typeof(T)).Properties.FirstOrDefault(p => p.Name == field)?.PropertyType;
        var expected = Nullable.GetUnderlyingType(type ?? typeof(object)) ?? type;
        var message = expected == typeof(int) ? "must be a whole number, such as 8"
            : expected == typeof(string) ? "must be text (a JSON string)"
            : expected == typeof(IReadOnlyList<string>) ? "must be a list of texts, such as [\"phq9\", \"gad7\"]"
            : expected == typeof(IReadOnlyDictionary<string, JsonElement>) ? "must be an object with one entry per questionnaire"
            : "is not of the expected kind";
        return new Problem(Problem.Excerpt(field), message);
    }
}
