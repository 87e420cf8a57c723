using Microsoft.Azure.Functions.Worker;
using Outcomes.Practice;
using Outcomes.Storage;

namespace Outcomes.Functions;

/// <summary>Scores a submitted response. Idempotent: the same message twice changes nothing.</summary>
public sealed class ScoreResponse(ResponseScoring scoring)
{
    [Function(nameof(ScoreResponse))]
    public Task Run(
        [QueueTrigger(StorageQueues.Score, Connection = StorageClients.QueuesSetting)] string message,
        CancellationToken cancellationToken) =>
        scoring.ScoreAsync(StorageQueues.Read<ScoreRequest>(message), cancellationToken);
}
