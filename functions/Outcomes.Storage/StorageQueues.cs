using System.Text.Json;
using Azure.Storage.Queues;
using Outcomes.Practice;
using Outcomes.Practice.Email;

namespace Outcomes.Storage;

/// <summary>The work queues in Azure Queue Storage: JSON messages carrying ids only.</summary>
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

    public Task RequestScoringAsync(ScoreRequest request, CancellationToken cancellationToken) =>
        Send(() => service.GetQueueClient(Score).SendMessageAsync(JsonSerializer.Serialize(request, Json), cancellationToken));

    public Task RequestAlertAsync(AlertRequest request, CancellationToken cancellationToken) =>
        Send(() => service.GetQueueClient(Alerts).SendMessageAsync(JsonSerializer.Serialize(request, Json), cancellationToken));

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
        Send(() => service.GetQueueClient(urgent ? UrgentEmail : Email).SendMessageAsync(JsonSerializer.Serialize(request, Json), delay, cancellationToken: cancellationToken));

    public static T Read<T>(string message) =>
        JsonSerializer.Deserialize<T>(message, Json) ?? throw new JsonException("The message is empty.");

    private static Task Send(Func<Task> operation) => StorageFailures.Guard(operation, "Queue");
}
