using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Outcomes.Infra.Tests;

/// <summary>
/// A stand-in for Microsoft Graph (v1.0) and Azure Resource Manager on a real HTTP server: the
/// requests the portal's registration makes, answered in Graph's shapes (its OData error body,
/// <c>@odata.context</c>, ids it assigns), with the tenant's state in memory. It can refuse what a
/// tenant refuses (403 Authorization_RequestDenied) and replicate slowly (a new application unknown
/// to the service principal endpoint for a while).
/// </summary>
public sealed partial class StandInGraph : IAsyncDisposable
{
    public const string Token = "stand-in-token";
    public const string GraphServicePrincipalId = "5b0cb0f4-7e4c-4c3f-8a84-2f3c7c0c3d10";

    private readonly WebApplication _app;

    public ConcurrentDictionary<string, JsonObject> Applications { get; } = new();
    public ConcurrentDictionary<string, JsonObject> ServicePrincipals { get; } = new();
    public ConcurrentDictionary<string, List<JsonObject>> FederatedCredentials { get; } = new();
    public List<JsonObject> Grants { get; } = [];
    public JsonObject AppSettings { get; } = new() { ["AzureWebJobsStorage__accountName"] = "stx", ["Outcomes__SignIn__ClientAuthentication"] = "ManagedIdentity" };

    /// <summary>Every request as "METHOD path", in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Refuse creating applications (a tenant where users may not register them).</summary>
    public bool RefuseApplicationCreation { get; set; }

    /// <summary>Refuse the tenant-wide consent (the person is no administrator).</summary>
    public bool RefuseConsent { get; set; }

    /// <summary>How many service-principal creations are refused as naming no application, as while Entra replicates a new one.</summary>
    public int ReplicationRefusals { get; set; }

    public Uri Graph => new($"{_app.Urls.First()}/v1.0/");
    public Uri Management => new($"{_app.Urls.First()}/arm/");

    private StandInGraph(WebApplication app) => _app = app;

    public static async Task<StandInGraph> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var graph = new StandInGraph(app);
        app.Run(graph.HandleAsync);
        await app.StartAsync();
        return graph;
    }

    /// <summary>The writes among the requests: anything but a read (Resource Manager's settings list is a POST that reads).</summary>
    public List<string> Writes() => Requests.Where(r => !r.StartsWith("GET ", StringComparison.Ordinal) && !r.EndsWith("/config/appsettings/list", StringComparison.Ordinal)).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = Uri.UnescapeDataString(request.Path.Value ?? "");
        Requests.Enqueue($"{request.Method} {path}");
        if (request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            await Error(context, 401, "InvalidAuthenticationToken", "Access token is empty.");
            return;
        }

        var body = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0 ? await JsonNode.ParseAsync(request.Body) as JsonObject : null;
        var (method, route) = (request.Method, path);
        Match m;
        if ((m = ByUniqueName().Match(route)).Success)
        {
            var app = Applications.Values.FirstOrDefault(a => (string?)a["uniqueName"] == m.Groups[1].Value);
            await (app is null ? NotFound(context) : Json(context, 200, WithContext(app, "applications/$entity")));
        }
        else if (method == "POST" && route == "/v1.0/applications")
        {
            if (RefuseApplicationCreation)
            {
                await Error(context, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
                return;
            }

            var id = Guid.NewGuid().ToString();
            body!["id"] = id;
            body["appId"] = Guid.NewGuid().ToString();
            body["publisherDomain"] = "clinic.example";
            Applications[id] = body;
            FederatedCredentials[id] = [];
            await Json(context, 201, WithContext(body, "applications/$entity"));
        }
        else if ((m = Application().Match(route)).Success && Applications.TryGetValue(m.Groups[1].Value, out var application))
        {
            switch (method)
            {
                case "PATCH":
                    foreach (var (name, value) in body!)
                    {
                        application[name] = value?.DeepClone();
                    }

                    context.Response.StatusCode = 204;
                    break;
                case "DELETE":
                    Applications.TryRemove(m.Groups[1].Value, out _);
                    foreach (var sp in ServicePrincipals.Where(s => (string?)s.Value["appId"] == (string?)application["appId"]).ToList())
                    {
                        ServicePrincipals.TryRemove(sp.Key, out _);
                    }

                    context.Response.StatusCode = 204;
                    break;
                default:
                    await Json(context, 200, WithContext(application, "applications/$entity"));
                    break;
            }
        }
        else if ((m = Credentials().Match(route)).Success && FederatedCredentials.TryGetValue(m.Groups[1].Value, out var credentials))
        {
            if (method == "POST")
            {
                body!["id"] = Guid.NewGuid().ToString();
                credentials.Add(body);
                await Json(context, 201, body);
            }
            else
            {
                await Json(context, 200, new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#applications('x')/federatedIdentityCredentials", ["value"] = new JsonArray([.. credentials.Select(c => c.DeepClone())]) });
            }
        }
        else if ((m = Credential().Match(route)).Success && FederatedCredentials.TryGetValue(m.Groups[1].Value, out var those) && those.FirstOrDefault(c => (string?)c["id"] == m.Groups[2].Value) is { } credential && method == "PATCH")
        {
            foreach (var (name, value) in body!)
            {
                credential[name] = value?.DeepClone();
            }

            context.Response.StatusCode = 204;
        }
        else if ((m = PrincipalByAppId().Match(route)).Success)
        {
            if (m.Groups[1].Value == "00000003-0000-0000-c000-000000000000")
            {
                await Json(context, 200, new JsonObject { ["id"] = GraphServicePrincipalId, ["appId"] = m.Groups[1].Value, ["displayName"] = "Microsoft Graph" });
                return;
            }

            var sp = ServicePrincipals.Values.FirstOrDefault(s => (string?)s["appId"] == m.Groups[1].Value);
            await (sp is null ? NotFound(context) : Json(context, 200, WithContext(sp, "servicePrincipals/$entity")));
        }
        else if (method == "POST" && route == "/v1.0/servicePrincipals")
        {
            var appId = (string?)body!["appId"];
            if (ReplicationRefusals > 0 || !Applications.Values.Any(a => (string?)a["appId"] == appId))
            {
                ReplicationRefusals--;
                await Error(context, 400, "Request_BadRequest", $"The appId '{appId}' of the service principal does not reference a valid application object.");
                return;
            }

            var id = Guid.NewGuid().ToString();
            body["id"] = id;
            ServicePrincipals[id] = body;
            await Json(context, 201, WithContext(body, "servicePrincipals/$entity"));
        }
        else if (route == "/v1.0/oauth2PermissionGrants")
        {
            if (method == "POST")
            {
                if (RefuseConsent)
                {
                    await Error(context, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
                    return;
                }

                body!["id"] = Guid.NewGuid().ToString("N");
                lock (Grants)
                {
                    Grants.Add(body);
                }

                await Json(context, 201, body);
            }
            else
            {
                var filter = request.Query["$filter"].ToString();
                var client = ClientFilter().Match(filter).Groups[1].Value;
                await Json(context, 200, new JsonObject { ["value"] = new JsonArray([.. Grants.Where(g => (string?)g["clientId"] == client).Select(g => g.DeepClone())]) });
            }
        }
        else if (route.StartsWith("/arm/subscriptions/", StringComparison.Ordinal) && route.EndsWith("/config/appsettings/list", StringComparison.Ordinal) && method == "POST")
        {
            await Json(context, 200, new JsonObject { ["id"] = route[4..^5], ["name"] = "appsettings", ["type"] = "Microsoft.Web/sites/config", ["properties"] = AppSettings.DeepClone() });
        }
        else if (route.StartsWith("/arm/subscriptions/", StringComparison.Ordinal) && route.EndsWith("/config/appsettings", StringComparison.Ordinal) && method == "PUT")
        {
            foreach (var name in AppSettings.Select(p => p.Key).ToList())
            {
                AppSettings.Remove(name);
            }

            foreach (var (name, value) in body!["properties"]!.AsObject())
            {
                AppSettings[name] = value?.DeepClone();
            }

            await Json(context, 200, new JsonObject { ["properties"] = AppSettings.DeepClone() });
        }
        else
        {
            await NotFound(context);
        }
    }

    private static JsonObject WithContext(JsonObject entity, string context)
    {
        var copy = entity.DeepClone().AsObject();
        copy["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#{context}";
        return copy;
    }

    private static Task NotFound(HttpContext context) =>
        Error(context, 404, "Request_ResourceNotFound", "Resource does not exist or one of its queried reference-property objects are not present.");

    private static Task Error(HttpContext context, int status, string code, string message) =>
        Json(context, status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code, ["message"] = message,
                ["innerError"] = new JsonObject { ["date"] = "2026-12-02T10:00:00", ["request-id"] = Guid.NewGuid().ToString(), ["client-request-id"] = Guid.NewGuid().ToString() },
            },
        });

    private static async Task Json(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [GeneratedRegex(@"^/v1\.0/applications\(uniqueName='([^']+)'\)$")]
    private static partial Regex ByUniqueName();

    [GeneratedRegex(@"^/v1\.0/applications/([0-9a-f-]{36})$")]
    private static partial Regex Application();

    [GeneratedRegex(@"^/v1\.0/applications/([0-9a-f-]{36})/federatedIdentityCredentials$")]
    private static partial Regex Credentials();

    [GeneratedRegex(@"^/v1\.0/applications/([0-9a-f-]{36})/federatedIdentityCredentials/([0-9a-f-]{36})$")]
    private static partial Regex Credential();

    [GeneratedRegex(@"^/v1\.0/servicePrincipals\(appId='([^']+)'\)$")]
    private static partial Regex PrincipalByAppId();

    [GeneratedRegex(@"clientId eq '([^']+)'")]
    private static partial Regex ClientFilter();
}
