using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Outcomes.Api;

/// <summary>
/// The API's OpenAPI 3.1 description, generated from the endpoints' typed contracts. The local host
/// serves it live at <see cref="Route"/>; the committed copy (docs/openapi.json, kept current by a
/// test) is what the Functions app serves, since it has no endpoint metadata to generate it from.
/// </summary>
public static class OpenApiDescription
{
    public const string Route = "api/openapi.json";

    public static IServiceCollection AddOutcomesOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Outcomes",
                    Version = "1",
                    Description = "Enrol therapists and clients, issue check-in links, read a client's outcomes, and submit answers. " +
                        "Admin routes need the admin key in the x-functions-key header. Errors are RFC 9457 problem details.",
                };

                // The address differs per clinic and per run; the description stays the same.
                document.Servers = [];
                return Task.CompletedTask;
            });
        });

    /// <summary>The committed description, embedded at build time.</summary>
    public static string Committed()
    {
        using var stream = typeof(OpenApiDescription).Assembly.GetManifestResourceStream("Outcomes.Api.openapi.json")
            ?? throw new InvalidOperationException("docs/openapi.json was not embedded in the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
