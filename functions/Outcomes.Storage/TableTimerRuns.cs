using System.Net;
using Azure;
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

    public async Task RecordAsync(TimerRun run, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, run.Name) { ["At"] = run.At, ["Succeeded"] = run.Succeeded, ["Error"] = run.Error };
        // Each conflict means another run was recorded meanwhile, and each run is recorded once: with n
        // runs recording at once, one sees at most n - 1 conflicts. The bound is only a backstop.
        await Contention.TimerRuns.ExecuteAsync(
            async ct =>
            {
                NullableResponse<TableEntity>? found = null;
                await StorageFailures.Guard(async () => found = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, run.Name, cancellationToken: ct), "Table");
                if (found is not { HasValue: true })
                {
                    await StorageFailures.Guard(() => _table.AddEntityAsync(entity, ct), "Table");
                }
                else if (found.Value!.GetDateTimeOffset("At") < run.At)
                {
                    // Otherwise a later run is already recorded.
                    await StorageFailures.Guard(() => _table.UpdateEntityAsync(entity, found.Value.ETag, TableUpdateMode.Replace, ct), "Table");
                }
            },
            cancellationToken);
    }

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
