using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Outcomes.Local;

namespace Outcomes.Integration.Tests;

/// <summary>
/// Everything the worker's telemetry would send to Azure Monitor, captured in memory over a client's
/// whole path (link, page, answers with a risk answer and their own words, the therapist's alert and
/// its acknowledge page): no link token, no email address, no answer.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string ClientEmail = "very.private.person@client.example";
    private const string TherapistEmail = "dr.private@clinic.example";
    private const string OwnWords = "MY-PRIVATE-WORDS-ABOUT-MY-MOTHER";
    private readonly ConcurrentQueue<string> _exported = new();
    private readonly ConcurrentQueue<Span> _spans = new();
    private readonly string _emails = Directory.CreateTempSubdirectory("outcomes-telemetry-emails-").FullName;
    private LocalHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await LocalHost.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--Outcomes:AdminKey=k", $"--Outcomes:Email:Folder={_emails}", "--Outcomes:DutyContact=duty@clinic.example"],
            TextWriter.Null,
            CancellationToken.None,
            new LocalHostOptions
            {
                Queues = PracticeFixture.FastQueues,
                RunTimers = false,
                Telemetry = telemetry => telemetry
                    .WithTracing(t => t
                        .AddProcessor(new SimpleActivityExportProcessor(new Snapshot<Activity>(_exported, Describe)))
                        .AddProcessor(new SimpleActivityExportProcessor(new Spans(_spans))))
                    .WithLogging(l => l.AddProcessor(new SimpleLogRecordExportProcessor(new Snapshot<LogRecord>(_exported, Describe))))
                    .WithMetrics(m => m.AddReader(new PeriodicExportingMetricReader(new Snapshot<Metric>(_exported, Describe), exportIntervalMilliseconds: 500))),
            });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_emails, recursive: true);
    }

    [Fact]
    public async Task ExportedTelemetry_CarriesNoTokenNoEmailAddressNoAnswer()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        http.DefaultRequestHeaders.Add(LocalHost.AdminKeyHeader, "k");
        var therapist = await IdAsync(await http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr Private", email = TherapistEmail, timeZone = "Europe/London" }));
        var client = await IdAsync(await http.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist, displayCode = "P-1", email = ClientEmail, instruments = new[] { "phq9", "checkin" }, cadenceDays = 7, timeZone = "Europe/London" }));
        var url = (await (await http.PostAsync($"/api/admin/clients/{client}/invitations", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var token = url[(url.LastIndexOf('/') + 1)..];

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/q/{token}")).StatusCode);
        var answers = new
        {
            answers = new Dictionary<string, object>
            {
                ["phq9"] = new[] { 1, 2, 1, 1, 1, 1, 1, 1, 2 },
                ["checkin"] = new Dictionary<string, object> { ["1"] = 3, ["2"] = 3, ["3"] = 4, ["4"] = 2, ["5"] = 2, ["6"] = 4, ["7"] = 1, ["7text"] = OwnWords },
            },
        };
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync($"/api/q/{token}", answers)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync($"/api/q/{token}", answers)).StatusCode);
        await _host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));

        var alert = Assert.Single(await PracticeFixture.EmailsInAsync(_emails, m => m.Subject?.StartsWith("Risk alert", StringComparison.Ordinal) == true));
        var acknowledge = TherapistPractice.Link(alert, "a");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(acknowledge)).StatusCode);
        var acknowledgeToken = acknowledge[(acknowledge.LastIndexOf('/') + 1)..];

        await _host.DisposeAsync(); // flushes every exporter
        _host = await LocalHost.StartAsync(["--urls", "http://127.0.0.1:0"], TextWriter.Null, CancellationToken.None, new LocalHostOptions { RunTimers = false });

        var exported = string.Join('\n', _exported);
        Assert.Contains("/q/{token}", exported, StringComparison.Ordinal); // the requests are there, by route
        Assert.Contains("Scored", exported, StringComparison.Ordinal);     // and the app's own logs
        foreach (var secret in new[] { token, acknowledgeToken, ClientEmail, TherapistEmail, OwnWords })
        {
            Assert.DoesNotContain(secret, exported, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OneRiskAnswer_IsOneTrace_FromTheRequestThroughItsScoringAndAlertToItsEmail_WithItsMeasurements()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        http.DefaultRequestHeaders.Add(LocalHost.AdminKeyHeader, "k");
        var therapist = await IdAsync(await http.PostAsJsonAsync("/api/admin/therapists", new { name = "Dr Trace", email = TherapistEmail, timeZone = "Europe/London" }));
        var client = await IdAsync(await http.PostAsJsonAsync("/api/admin/clients", new { therapistId = therapist, displayCode = "T-1", email = ClientEmail, instruments = new[] { "phq9" }, cadenceDays = 7, timeZone = "Europe/London" }));
        var url = (await (await http.PostAsync($"/api/admin/clients/{client}/invitations", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var token = url[(url.LastIndexOf('/') + 1)..];

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync($"/api/q/{token}", new { answers = new { phq9 = new[] { 1, 2, 1, 1, 1, 1, 1, 1, 2 } } })).StatusCode);
        await _host.Activity.WaitUntilIdleAsync(TimeSpan.FromSeconds(30));
        Assert.Single(await PracticeFixture.EmailsInAsync(_emails, m => m.Subject?.StartsWith("Risk alert", StringComparison.Ordinal) == true));

        await _host.DisposeAsync(); // flushes every exporter
        _host = await LocalHost.StartAsync(["--urls", "http://127.0.0.1:0"], TextWriter.Null, CancellationToken.None, new LocalHostOptions { RunTimers = false });

        // The answer's request, its storing, and each of the three queue hops: one trace. (The
        // app's ActivitySource is process-wide: hosts of other tests running now export here too.)
        var stored = Assert.Single(_spans, s => s.Name == "store answers" && s.ClientId == client);
        var trace = _spans.Where(s => s.TraceId == stored.TraceId).ToList();
        Assert.Single(trace, s => s.Source == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server);
        foreach (var hop in new[] { "ScoreResponse", "SendRiskAlert", "SendUrgentEmail" })
        {
            var span = Assert.Single(trace, s => s.Name == hop);
            Assert.Equal(ActivityKind.Consumer, span.Kind);
        }

        // Each hop is the child of the work that queued it, not a sibling under the request.
        var byId = trace.ToDictionary(s => s.SpanId);
        Assert.Equal("ScoreResponse", byId[trace.Single(s => s.Name == "SendRiskAlert").ParentId].Name);
        Assert.Equal("SendRiskAlert", byId[trace.Single(s => s.Name == "SendUrgentEmail").ParentId].Name);

        var exported = string.Join('\n', _exported);
        foreach (var metric in new[] { "outcomes.answers.scored", "outcomes.alerts.raised", "outcomes.emails", "outcomes.risk_alert.answer_to_email" })
        {
            Assert.Contains($"metric {metric} ", exported, StringComparison.Ordinal);
        }

        Assert.Contains("lane=urgent outcome=sent", exported, StringComparison.Ordinal);
        Assert.Contains("kind=RiskAnswer urgency=Immediate", exported, StringComparison.Ordinal);
        foreach (var secret in new[] { token, ClientEmail, TherapistEmail })
        {
            Assert.DoesNotContain(secret, exported, StringComparison.Ordinal);
        }
    }

    private static async Task<string> IdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static string Describe(Activity activity) =>
        $"span {activity.DisplayName} {string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))} {string.Join(' ', activity.Events.Select(e => $"{e.Name} {string.Join(' ', e.Tags.Select(t => $"{t.Key}={t.Value}"))}"))}";

    private static string Describe(LogRecord record) =>
        $"log {record.CategoryName} {record.FormattedMessage} {record.Body} {string.Join(' ', record.Attributes?.Select(a => $"{a.Key}={a.Value}") ?? [])} {record.Exception}";

    private static string Describe(Metric metric)
    {
        var points = new List<string>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new List<string>();
            foreach (var tag in point.Tags)
            {
                tags.Add($"{tag.Key}={tag.Value}");
            }

            points.Add(string.Join(' ', tags));
        }

        return $"metric {metric.Name} {string.Join(" | ", points)}";
    }

    private sealed record Span(string Source, string Name, ActivityKind Kind, string TraceId, string SpanId, string ParentId, string? ClientId);

    /// <summary>An in-memory exporter that keeps each span's place in its trace.</summary>
    private sealed class Spans(ConcurrentQueue<Span> into) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                into.Enqueue(new Span(activity.Source.Name, activity.DisplayName, activity.Kind, activity.TraceId.ToString(), activity.SpanId.ToString(), activity.ParentSpanId.ToString(), activity.GetTagItem("outcomes.client_id") as string));
            }

            return ExportResult.Success;
        }
    }

    /// <summary>An in-memory exporter that keeps each exported item as text (exporters may reuse the items they are given).</summary>
    private sealed class Snapshot<T>(ConcurrentQueue<string> into, Func<T, string> describe) : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch)
        {
            foreach (var item in batch)
            {
                into.Enqueue(describe(item));
            }

            return ExportResult.Success;
        }
    }
}
