using System.Security.Cryptography;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Outcomes.Api;
using Outcomes.Hosting;
using Outcomes.Hosting.Endpoints;
using Outcomes.Hosting.SignIn;
using Outcomes.Hosting.Telemetry;
using Outcomes.Local.SignIn;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;
using Outcomes.Practice;
using Outcomes.Storage;

namespace Outcomes.Local;

/// <summary>
/// Outcomes in one process: the Functions app's HTTP handlers on Kestrel and its queue handling
/// in background services, against Azurite (started here) unless storage is configured.
/// </summary>
public sealed class LocalHost : IAsyncDisposable
{
    public const string AdminKeyHeader = Outcomes.Api.AdminCaller.KeyHeader;
    public const string AdminKeySetting = "Outcomes:AdminKey";

    private LocalHost(WebApplication app, Azurite? azurite, string adminKey, LocalIdentityProvider? signIn)
    {
        App = app;
        Azurite = azurite;
        AdminKey = adminKey;
        SignIn = signIn;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;
    public Azurite? Azurite { get; }
    public string AdminKey { get; }
    public string BaseUrl { get; }

    /// <summary>The local sign-in provider and its password; null when another provider is configured.</summary>
    public LocalIdentityProvider? SignIn { get; }

    /// <summary>The queue processors' and timers' signals: each message handled, when all queues are idle, each timer's runs.</summary>
    public HostActivity Activity => App.Services.GetRequiredService<HostActivity>();

    /// <summary>Builds and starts the host; <paramref name="options"/> let tests and benchmarks change timing and watch storage.</summary>
    public static async Task<LocalHost> StartAsync(string[] args, TextWriter console, CancellationToken cancellationToken, LocalHostOptions? options = null)
    {
        options ??= new LocalHostOptions();
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        // The console shows warnings and errors unless asked for more; other log providers (telemetry) keep their own levels.
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= options.ConsoleLevel);

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
        if (options.Telemetry is not null || !string.IsNullOrEmpty(configuration[OutcomesTelemetry.ConnectionStringSetting]))
        {
            builder.Services.AddOutcomesTelemetry(configuration, options.Telemetry);
        }

        if (options.Time is { } clock)
        {
            builder.Services.AddSingleton(clock); // the last registration is the one resolved
        }

        // Links use the configured public address, or else the address Kestrel listens on (known once started).
        if (string.IsNullOrEmpty(configuration["Outcomes:PublicBaseUrl"]))
        {
            builder.Services.AddSingleton(sp => new PublicLinks(() => ListeningAddress(sp)));
        }

        // The portal signs in with the configured provider, or else with the local host's own.
        var signIn = string.IsNullOrEmpty(configuration[$"{SignInOptions.Section}:Authority"]) ? LocalIdentityProvider.Add(builder) : null;

        builder.Services.AddOutcomesOpenApi();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddSingleton<HostActivity>();

        // The Functions app's queue triggers and timers, from the same table and settings.
        // Registered directly: AddHostedService would keep only the first of two processors of the same type.
        foreach (var queue in OutcomesEndpoints.Queues)
        {
            builder.Services.AddSingleton<IHostedService>(sp => Processor(sp, queue, queueSettings));
        }

        if (options.RunTimers)
        {
            foreach (var timer in OutcomesEndpoints.Timers)
            {
                Timer(builder, configuration, timer, options.TimersStartAfter);
            }
        }

        var app = builder.Build();
        try
        {
            // Settings first: a wrong one stops start-up here, naming it, before storage is touched.
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            await OutcomesServices.EnsureStorageAsync(app.Services, cancellationToken);

            // First: the scheme a front end vouches for, as the Functions app's worker middleware takes it.
            var frontEnd = app.Services.GetRequiredService<Outcomes.Hosting.Forwarding.FrontEnd>();
            app.Use(async (context, next) =>
            {
                if (!await frontEnd.HandleAsync(context))
                {
                    await next(context);
                }
            });
            app.Use((context, next) =>
            {
                SecurityHeaders.ApplyWhenStarting(context.Response);
                return next(context);
            });
            if (signIn is not null)
            {
                // The provider's own endpoints (discovery, keys, token, and the checks before the sign-in page), as the authentication middleware would run them.
                app.Use(async (context, next) =>
                {
                    var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
                    if (await handlers.GetHandlerAsync(context, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme) is IAuthenticationRequestHandler provider && await provider.HandleRequestAsync())
                    {
                        return;
                    }

                    await next(context);
                });
                signIn.Map(app);
            }

            MapEndpoints(app, adminKey);
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

        return new LocalHost(app, azurite, adminKey, signIn);
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

    private static void Timer(WebApplicationBuilder builder, IConfiguration configuration, TimerEndpoint timer, Task? startAfter) =>
        builder.Services.AddSingleton<IHostedService>(sp => new ScheduledRun(
            timer.Name,
            timer.Setting,
            configuration[timer.Setting] is { Length: > 0 } cron ? cron : timer.DefaultSchedule,
            sp.GetRequiredService<TimeProvider>(),
            (now, ct) => timer.Run(sp, now, ct),
            sp.GetRequiredService<ILogger<ScheduledRun>>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<HostActivity>(),
            sp.GetRequiredService<ITimerRuns>(),
            startAfter));

    private static string ListeningAddress(IServiceProvider services) => ListeningAddress(services.GetRequiredService<IServer>());

    /// <summary>The address Kestrel listens on (known once started).</summary>
    public static string ListeningAddress(IServer server) =>
        server.Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private static QueueProcessor Processor(IServiceProvider services, QueueEndpoint endpoint, QueueSettings settings)
    {
        var queues = services.GetRequiredService<QueueServiceClient>();
        return new QueueProcessor(
            endpoint.Name,
            queues.GetQueueClient(endpoint.Queue),
            queues.GetQueueClient(endpoint.Queue + "-poison"),
            settings,
            (message, ct) => endpoint.RunAsync(services, message, ct),
            services.GetRequiredService<HostActivity>(),
            services.GetRequiredService<ILogger<QueueProcessor>>());
    }

    /// <summary>
    /// Every HTTP endpoint of the table, as minimal APIs. The OpenAPI description is generated here
    /// from the endpoints themselves (the Functions app serves the committed copy). Admin endpoints
    /// check the admin key, as the Functions host checks its function key.
    /// </summary>
    private static void MapEndpoints(WebApplication app, string adminKey)
    {
        var requireKey = AdminKeyFilter(adminKey);
        foreach (var endpoint in OutcomesEndpoints.Http)
        {
            if (endpoint.Handler is null)
            {
                // The one route each host serves its own way: here, the description generated from these endpoints.
                app.MapOpenApi("/" + endpoint.Route).WithName(endpoint.Name).WithMetadata(endpoint.Access);
                continue;
            }

            var route = app.MapMethods("/" + endpoint.Route, [endpoint.Method], endpoint.Handler)
                .WithName(endpoint.Name)
                .WithMetadata(endpoint.Access)
                .WithTags(endpoint.Access switch { Access.AdminKey => "Admin", Access.Portal => "Portal", _ => "Check-ins" });
            if (endpoint.Page)
            {
                route.ExcludeFromDescription();
            }

            endpoint.Describe?.Invoke(route);
            if (endpoint.Access == Access.AdminKey)
            {
                route.AddEndpointFilter(requireKey);
            }
        }
    }

    // In Azure the Functions host checks the function key; here the same header is checked against the configured key.
    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> AdminKeyFilter(string adminKey)
    {
        var expected = System.Text.Encoding.UTF8.GetBytes(adminKey);
        return async (context, next) =>
        {
            var given = System.Text.Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers[AdminKeyHeader].ToString());
            return CryptographicOperations.FixedTimeEquals(given, expected)
                ? await next(context)
                : ApiProblems.Unauthorized($"The {AdminKeyHeader} header must carry the admin key.");
        };
    }
}

/// <summary>What tests and benchmarks may change about the local host.</summary>
public sealed record LocalHostOptions
{
    /// <summary>Queue timing instead of host.json's (tests shorten the retry delay).</summary>
    public QueueSettings? Queues { get; init; }

    /// <summary>Whether the schedules (invitations, escalations, warning signs, digests) fire; tests that drive them by hand turn them off.</summary>
    public bool RunTimers { get; init; } = true;

    /// <summary>The timers' first run waits for this as well as for the server (the demo: until it is seeded).</summary>
    public Task? TimersStartAfter { get; init; }

    /// <summary>The clock of the practice and its schedules (tests move it on); the system's when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Telemetry exporters besides Azure Monitor's (tests add an in-memory one); telemetry is on when this or Application Insights is set.</summary>
    public Action<OpenTelemetry.OpenTelemetryBuilder>? Telemetry { get; init; }

    /// <summary>The least severe log the console shows (warnings by default; `--verbose` shows information too).</summary>
    public LogLevel ConsoleLevel { get; init; } = LogLevel.Warning;

    /// <summary>Extra Azure.Core pipeline policies for every storage request (counting, fault injection).</summary>
    public HttpPipelinePolicy[] StoragePolicies { get; init; } = [];
}
