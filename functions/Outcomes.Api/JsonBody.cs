using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
internal static class JsonBody
{
    /// <summary>The contracts' JSON: camelCase names, matched exactly; numbers only as numbers.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
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

            // Every field of the wrong kind at once, named as the contract names it; then the contract itself.
            var problems = KindProblems<T>(document.RootElement);
            if (problems.Count > 0)
            {
                return (null, ApiProblems.Invalid(problems));
            }

            try
            {
                return (document.Deserialize<T>(Options)!, null);
            }
            catch (JsonException)
            {
                // Kinds were checked above; this is a shape no contract field describes.
                return (null, ApiProblems.Invalid("(body)", "does not have the fields this request takes"));
            }
        }
    }

    /// <summary>Whether the request says it carries JSON (<c>application/json</c> or a <c>+json</c> type).</summary>
    public static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Each field of the contract <typeparamref name="T"/> whose value is not of the kind it must be (null counts as absent).</summary>
    private static List<Problem> KindProblems<T>(JsonElement body)
    {
        var problems = new List<Problem>();
        foreach (var property in Options.GetTypeInfo(typeof(T)).Properties)
        {
            if (!body.TryGetProperty(property.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var (fits, message) = type switch
            {
                _ when type == typeof(string) => (value.ValueKind == JsonValueKind.String, "must be text (a JSON string)"),
                _ when type == typeof(int) => (IsWholeNumber(value), "must be a whole number, such as 8"),
                _ when type == typeof(IReadOnlyList<string>) => (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String), "must be a list of texts, such as [\"phq9\", \"gad7\"]"),
                _ when type == typeof(IReadOnlyDictionary<string, JsonElement>) => (value.ValueKind == JsonValueKind.Object, "must be an object with one entry per questionnaire"),
                _ => throw new InvalidOperationException($"The contract {typeof(T).Name} has a field of a kind JsonBody does not check: {type.Name}."),
            };
            if (!fits)
            {
                problems.Add(new Problem(property.Name, message));
            }
        }

        return problems;
    }

    // A plain integer: no fraction, no exponent (8.0 and 8e0 are refused, as "8" is), within range.
    private static bool IsWholeNumber(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
        && value.GetRawText().All(c => char.IsAsciiDigit(c) || c == '-')
        && value.TryGetInt32(out _);
}
