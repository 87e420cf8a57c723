using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core;

namespace Outcomes.PortalRegistration;

/// <summary>
/// The function app's settings through Azure Resource Manager, so that sign-in works from the first
/// `azd up` (Bicep passes the same values on every later provision, from the azd environment).
/// Reads all settings and writes them back only when one of the portal's differs.
/// </summary>
internal sealed class FunctionAppSettings(HttpClient http, TokenCredential credential, Uri management)
{
    private const string ApiVersion = "2024-04-01";

    /// <summary>Sets <paramref name="wanted"/> among the app's settings; false when they were already so.</summary>
    public async Task<bool> EnsureAsync(RegistrationTarget target, IReadOnlyDictionary<string, string> wanted, CancellationToken cancellationToken)
    {
        var site = $"subscriptions/{target.SubscriptionId}/resourceGroups/{target.ResourceGroup}/providers/Microsoft.Web/sites/{target.FunctionAppName}/config/appsettings";
        using var list = await SendAsync(HttpMethod.Post, $"{site}/list", null, cancellationToken);
        var current = (await list.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["properties"]?.AsObject() ?? [];
        if (wanted.All(w => (string?)current[w.Key] == w.Value))
        {
            return false;
        }

        var properties = JsonNode.Parse(current.ToJsonString())!.AsObject();
        foreach (var (name, value) in wanted)
        {
            properties[name] = value;
        }

        using var _ = await SendAsync(HttpMethod.Put, site, new JsonObject { ["properties"] = properties }, cancellationToken);
        return true;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext([new Uri(management, ".default").ToString()]), cancellationToken);
        using var request = new HttpRequestMessage(method, new Uri(management, $"{path}?api-version={ApiVersion}"))
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new HttpRequestException($"Azure Resource Manager answered {status} to {method} {path}.", null, (System.Net.HttpStatusCode)status);
        }

        return response;
    }
}
