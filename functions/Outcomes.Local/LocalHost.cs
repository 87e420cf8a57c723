using System.Security.Cryptography;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc;
using Outcomes.Api;
using Outcomes.Api.Telemetry;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Digests;
using Outcomes.Practice.Email;
using Outcomes.Practice;
using Outcomes.Storage;

namespace Outcomes.Local;

/// <summary>
/// Outcomes in one process: the Functions app's HTTP handlers on Kestrel and its queue handling
/// in background services, against Azurite (started here) unless storage is configured.
/// </summary>
public sealed class LocalHost : IAsyncDisposable
{
    public const string AdminKeyHeader = "x-functions-key";
    public const string AdminKeySetting = "Outcomes:AdminKey";

    private LocalHost(WebApplication app, Azurite? azurite, string adminKey)
    {
        App = app;
        Azurite = azurite;
        AdminKey = adminKey;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;
    public Azurite? Azurite { get; }
    public string AdminKey { get; }
    public string BaseUrl { get; }

    /// <summary>The queue processors' and timers' signals: each message handled, when all queues are idle, each timer's runs.</summary>
    public HostActivity Activity => App.Services.GetRequiredService<HostActivity>();

    /// <summary>Builds and starts the host; <paramref name="options"/> let tests and benchmarks change timing and watch storage.</summary>
    public static async Task<LocalHost> StartAsync(string[] args, TextWriter console, CancellationToken cancellationToken, LocalHostOptions? options = null)
    {
        options ??= new LocalHostOptions();
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        builder.Logging.AddOutcomesFilters();

        Azurite? azurite = null;
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration[StorageClients.TablesSetting]) && string.IsNullOrEmpty(configuration[$"{StorageClients.TablesSetting}:tableServiceUri"]))
        {
            azurite = await Azurite.StartAsync(console, cancellationToken);
            configuration[StorageClients.TablesSetting] = azurite.ConnectionString;
            configuration[StorageClients.QueuesSetting] = azurite.ConnectionString;
        }

        // A laptop has no duty rota: escalations go to a placeholder address in the emails folder unless one is set.
        if (string.IsNullOrEmpty(configuration["Outcomes:DutyContact"]))
        {
            configuration["Outcomes:DutyContact"] = "duty.contact@localhost.invalid";
        }

        var adminKey = configuration[AdminKeySetting] is { Length: > 0 } configured ? configured : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var queueSettings = options.Queues ?? QueueSettings.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"));

        builder.Services.AddOutcomes(configuration, options.StoragePolicies);
        if (options.Telemetry is not null || !string.IsNullOrEmpty(configuration[Outcomes.Api.Telemetry.OutcomesTelemetry.ConnectionStringSetting]))
        {
            builder.Services.AddOutcomesTelemetry(configuration, options.Telemetry);
        }

        if (options.Time is { } clock)
        {
            builder.Services.AddSingleton(clock); // the last registration is the one resolved
        }

        builder.Services.AddMvcCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddSingleton<HostActivity>();
        // Registered directly: AddHostedService would keep only the first of two processors of the same type.
        builder.Services.AddSingleton<IHostedService>(sp => Processor(sp, StorageQueues.Score, queueSettings, (message, ct) =>
            sp.GetRequiredService<ResponseScoring>().ScoreAsync(StorageQueues.Read<ScoreRequest>(message), ct)));
        builder.Services.AddSingleton<IHostedService>(sp => Processor(sp, StorageQueues.Email, queueSettings, (message, ct) =>
            sp.GetRequiredService<EmailDelivery>().SendAsync(StorageQueues.Read<EmailRequest>(message), ct)));
        builder.Services.AddSingleton<IHostedService>(sp => Processor(sp, StorageQueues.UrgentEmail, queueSettings, (message, ct) =>
            sp.GetRequiredService<EmailDelivery>().SendAsync(StorageQueues.Read<EmailRequest>(message), ct)));
        builder.Services.AddSingleton<IHostedService>(sp => Processor(sp, StorageQueues.Alerts, queueSettings, (message, ct) =>
            sp.GetRequiredService<RiskAlerts>().NotifyAsync(StorageQueues.Read<AlertRequest>(message), PublicBaseUrl(sp), ct)));
        if (options.RunTimers)
        {
            // The Functions app's timers, from the same settings (NCRONTAB with seconds).
            Timer(builder, configuration, "InvitationSchedule", "0 0 * * * *", (sp, now, ct) => sp.GetRequiredService<InvitationRun>().RunAsync(now, PublicBaseUrl(sp), ct));
            Timer(builder, configuration, "EscalationSchedule", "0 */5 * * * *", (sp, now, ct) => sp.GetRequiredService<RiskAlerts>().EscalateDueAsync(now, PublicBaseUrl(sp), ct));
            Timer(builder, configuration, "WarningSignSchedule", "0 0 * * * *", (sp, now, ct) => sp.GetRequiredService<WarningSignRun>().RunAsync(now, PublicBaseUrl(sp), ct));
            Timer(builder, configuration, "DigestSchedule", "0 0 * * * *", (sp, now, ct) => sp.GetRequiredService<DigestRun>().RunAsync(now, PublicBaseUrl(sp), ct));
            Timer(builder, configuration, "EmailRedriveSchedule", "0 */10 * * * *", (sp, now, ct) => sp.GetRequiredService<EmailDelivery>().RedriveAsync(now, ct));
        }

        var app = builder.Build();
        try
        {
            await OutcomesServices.EnsureStorageAsync(app.Services, cancellationToken);
            app.Use((context, next) =>
            {
                SecurityHeaders.ApplyWhenStarting(context.Response);
                return next(context);
            });
            RequireAdminKey(app, adminKey);
            MapRoutes(app);
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }

        return new LocalHost(app, azurite, adminKey);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }

    private static void Timer(WebApplicationBuilder builder, IConfiguration configuration, string setting, string fallback, Func<IServiceProvider, DateTimeOffset, CancellationToken, Task> job) =>
        builder.Services.AddSingleton<IHostedService>(sp => new ScheduledRun(
            setting,
            configuration[setting] is { Length: > 0 } cron ? cron : fallback,
            sp.GetRequiredService<TimeProvider>(),
            (now, ct) => job(sp, now, ct),
            sp.GetRequiredService<ILogger<ScheduledRun>>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<HostActivity>()));

    private static string PublicBaseUrl(IServiceProvider services) =>
        services.GetRequiredService<ApiSettings>().PublicBaseUrl is { Length: > 0 } configured
            ? configured
            : services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private static QueueProcessor Processor(IServiceProvider services, string queue, QueueSettings settings, Func<string, CancellationToken, Task> handle)
    {
        var queues = services.GetRequiredService<QueueServiceClient>();
        return new QueueProcessor(queues.GetQueueClient(queue), queues.GetQueueClient(queue + "-poison"), settings, handle, services.GetRequiredService<HostActivity>(), services.GetRequiredService<ILogger<QueueProcessor>>());
    }

    // In Azure the Functions host checks the function key; here the same header is checked against the configured key.
    private static void RequireAdminKey(WebApplication app, string adminKey)
    {
        var expected = System.Text.Encoding.UTF8.GetBytes(adminKey);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase))
            {
                var given = System.Text.Encoding.UTF8.GetBytes(context.Request.Headers[AdminKeyHeader].ToString());
                if (!CryptographicOperations.FixedTimeEquals(given, expected))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await context.Response.WriteAsJsonAsync(new { error = $"The {AdminKeyHeader} header must carry the admin key." });
                    return;
                }
            }

            await next(context);
        });
    }

    private static void MapRoutes(WebApplication app)
    {
        app.MapPost("/api/admin/therapists", (HttpContext http, AdminApi api) => Run(http, api.EnrolTherapistAsync(http.Request, http.RequestAborted)));
        app.MapPost("/api/admin/clients", (HttpContext http, AdminApi api) => Run(http, api.EnrolClientAsync(http.Request, http.RequestAborted)));
        app.MapPost("/api/admin/clients/{id}/status", (HttpContext http, string id, AdminApi api) => Run(http, api.SetClientStatusAsync(http.Request, id, http.RequestAborted)));
        app.MapPost("/api/admin/clients/{id}/therapist", (HttpContext http, string id, AdminApi api) => Run(http, api.ReassignClientAsync(http.Request, id, http.RequestAborted)));
        app.MapPost("/api/admin/clients/{id}/invitations", (HttpContext http, string id, AdminApi api) => Run(http, api.IssueInvitationAsync(http.Request, id, http.RequestAborted)));
        app.MapGet("/api/admin/clients/{id}/outcomes", (HttpContext http, string id, AdminApi api) => Run(http, api.GetOutcomesAsync(http.Request, id, http.RequestAborted)));
        app.MapPost("/api/admin/digests/run", (HttpContext http, AdminApi api) => Run(http, api.RunDigestsAsync(http.Request, http.RequestAborted)));
        app.MapGet("/a/{token}", (HttpContext http, string token, TherapistPages pages) => Run(http, pages.ShowAlertAsync(http.Request, token, http.RequestAborted)));
        app.MapPost("/a/{token}", (HttpContext http, string token, TherapistPages pages) => Run(http, pages.AcknowledgeAsync(http.Request, token, http.RequestAborted)));
        app.MapGet("/t/{token}", (HttpContext http, string token, TherapistPages pages) => Run(http, pages.ShowCaseloadAsync(http.Request, token, http.RequestAborted)));
        app.MapPost("/api/q/{token}", (HttpContext http, string token, QuestionnaireApi api) => Run(http, api.SubmitAsync(http.Request, token, http.RequestAborted)));
        app.MapGet("/q/{token}", (HttpContext http, string token, QuestionnairePage page) => Run(http, page.ShowAsync(http.Request, token, http.RequestAborted)));
        app.MapPost("/q/{token}", (HttpContext http, string token, QuestionnairePage page) => Run(http, page.SubmitAsync(http.Request, token, http.RequestAborted)));
    }

    // The handlers return MVC results, as Functions' ASP.NET Core integration runs them; run them the same way here.
    private static async Task Run(HttpContext http, Task<IActionResult> handler) =>
        await (await handler).ExecuteResultAsync(new ActionContext { HttpContext = http });
}

/// <summary>What tests and benchmarks may change about the local host.</summary>
public sealed record LocalHostOptions
{
    /// <summary>Queue timing instead of host.json's (tests shorten the retry delay).</summary>
    public QueueSettings? Queues { get; init; }

    /// <summary>Whether the schedules (invitations, escalations, warning signs, digests) fire; tests that drive them by hand turn them off.</summary>
    public bool RunTimers { get; init; } = true;

    /// <summary>The clock of the practice and its schedules (tests move it on); the system's when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Telemetry exporters besides Azure Monitor's (tests add an in-memory one); telemetry is on when this or Application Insights is set.</summary>
    public Action<OpenTelemetry.OpenTelemetryBuilder>? Telemetry { get; init; }

    /// <summary>Extra Azure.Core pipeline policies for every storage request (counting, fault injection).</summary>
    public HttpPipelinePolicy[] StoragePolicies { get; init; } = [];
}
