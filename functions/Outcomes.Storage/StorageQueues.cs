using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using Outcomes.Practice;
using Outcomes.Practice.Email;

namespace Outcomes.Storage;

/// <summary>
/// The work queues in Azure Queue Storage: JSON messages carrying ids only, and the W3C trace
/// context of the work that queued them (<c>traceparent</c>), so that an answer's scoring, alert and
/// email are one trace.
/// </summary>
public sealed class StorageQueues(QueueServiceClient service) : IWorkQueues
{
    public const string Score = "score";
    public const string Alerts = "alerts";
    public const string Email = "email";

    /// <summary>Risk alerts and their escalations: a lane of their own, never behind bulk email.</summary>
    public const string UrgentEmail = "email-urgent";

    /// <summary>The email provider's delivery reports, put here by Event Grid (in Azure).</summary>
    public const string EmailReports = "email-reports";

    public static readonly string[] All = [Score, Alerts, Email, UrgentEmail, EmailReports, Score + "-poison", Alerts + "-poison", Email + "-poison", UrgentEmail + "-poison", EmailReports + "-poison"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public QueueClient Queue(string name) => service.GetQueueClient(name);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var name in All)
        {
            await Send(() => service.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        }
    }

    /// <summary>The message property that carries the trace context.</summary>
    public const string TraceParent = "traceparent";

    public Task RequestScoringAsync(ScoreRequest request, CancellationToken cancellationToken) =>
        Send(() => service.GetQueueClient(Score).SendMessageAsync(Message(request), cancellationToken));

    public Task RequestAlertAsync(AlertRequest request, CancellationToken cancellationToken) =>
        Send(() => service.GetQueueClient(Alerts).SendMessageAsync(Message(request), cancellationToken));

    public async Task<IReadOnlyDictionary<string, int>> CountPoisonedAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        foreach (var name in new[] { Score, Alerts, Email, UrgentEmail, EmailReports })
        {
            await Send(async () => counts[name] = (await service.GetQueueClient(name + "-poison").GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount);
        }

        return counts;
    }

    public Task RequestEmailAsync(EmailRequest request, bool urgent, CancellationToken cancellationToken, TimeSpan? delay = null) =>
        Send(() => service.GetQueueClient(urgent ? UrgentEmail : Email).SendMessageAsync(Message(request), delay, cancellationToken: cancellationToken));

    /// <summary>The request as JSON, with the current trace context when there is one.</summary>
    public static string Message<T>(T request)
    {
        var json = JsonSerializer.SerializeToNode(request, Json)!.AsObject();
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            json[TraceParent] = current.Id;
        }

        return json.ToJsonString();
    }

    /// <summary>The trace context a message carries; default when it carries none (an Event Grid event, a message queued before traces were carried).</summary>
    public static ActivityContext TraceOf(string message)
    {
        try
        {
            using var json = JsonDocument.Parse(message);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty(TraceParent, out var value)
                && value.ValueKind == JsonValueKind.String
                && ActivityContext.TryParse(value.GetString(), null, out var context)
                ? context
                : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public static T Read<T>(string message) =>
        JsonSerializer.Deserialize<T>(message, Json) ?? throw new JsonException("The message is empty.");

    private static Task Send(Func<Task> operation) => StorageFailures.Guard(operation, "Queue");
}
