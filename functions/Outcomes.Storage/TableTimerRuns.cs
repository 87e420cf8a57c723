using Azure.Data.Tables;
using Outcomes.Practice;

namespace Outcomes.Storage;

/// <summary>
/// The last run of each timer, one row per timer in the <c>Schedule</c> table (partition
/// <c>timer-runs</c>). Two instances may finish runs in either order: a row only ever moves to a
/// later run, by its ETag, so an earlier run finishing last never hides a later one.
/// </summary>
public sealed class TableTimerRuns(TableServiceClient service) : ITimerRuns
{
    private const string Partition = "timer-runs";

    private readonly TableClient _table = service.GetTableClient(TableSchedule.Table);

    public Task RecordAsync(TimerRun run, CancellationToken cancellationToken) =>
        LatestRow.RecordAsync(_table, new TableEntity(Partition, run.Name) { ["At"] = run.At, ["Succeeded"] = run.Succeeded, ["Error"] = run.Error }, "At", cancellationToken);

    public async Task<IReadOnlyList<TimerRun>> ListAsync(CancellationToken cancellationToken)
    {
        var runs = new List<TimerRun>();
        await StorageFailures.Guard(
            async () =>
            {
                await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
                {
                    runs.Add(new TimerRun(e.RowKey, e.GetDateTimeOffset("At")!.Value, e.GetBoolean("Succeeded") ?? false, e.GetString("Error")));
                }
            },
            "Table");
        return runs;
    }
}
