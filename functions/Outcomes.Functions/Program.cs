using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Outcomes.Hosting;
using Outcomes.Hosting.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<Outcomes.Functions.PlatformForwarding>();
builder.UseMiddleware<Outcomes.Functions.ResponseHeaders>();
builder.UseMiddleware<Outcomes.Functions.TimerRunRecording>();
builder.Logging.AddOutcomesFilters();
builder.Services.AddOutcomes(builder.Configuration);
// The worker's invocations join the Functions host's traces; the app's own spans and queue hops join those.
builder.Services.AddOutcomesTelemetry(builder.Configuration, telemetry => telemetry.UseFunctionsWorkerDefaults());
builder.Services.AddSingleton<Outcomes.Functions.EndpointTable>();

// Timers and queue handlers write links into emails; without the public address they could not.
builder.Services.RequirePublicBaseUrl();

var app = builder.Build();

// Settings first: a wrong one stops start-up here, naming it, before storage is touched.
app.Services.GetRequiredService<IStartupValidator>().Validate();

// Azure's tables and queues come with the deployment (Bicep), so a cold start there creates nothing;
// against Azurite (func start, connection strings) they may not exist yet.
if (!string.IsNullOrEmpty(builder.Configuration[Outcomes.Storage.StorageClients.TablesSetting]))
{
    await OutcomesServices.EnsureStorageAsync(app.Services, CancellationToken.None);
}

// The clinic's own expected recovery, if recorded, before the worker takes its first invocation: a cold
// start is woken by one (a queue message to score), and hosted services start alongside the worker's channel.
await app.Services.GetRequiredService<Outcomes.Practice.Learning.ExpectedRecoveryLearning>().FirstReadAsync();
await app.RunAsync();
