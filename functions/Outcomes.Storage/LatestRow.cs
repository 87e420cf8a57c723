using Azure;
using Azure.Data.Tables;

namespace Outcomes.Storage;

/// <summary>
/// A row that only ever moves to a later record of what it holds (a timer's last run, a measure's last fit),
/// however many instances write it in whatever order: read, then add (on 404) or replace on the row's ETag
/// unless it holds a later time — a 409 or 412 means another writer got there first, so read again.
/// </summary>
internal static class LatestRow
{
    public static async Task RecordAsync(TableClient table, TableEntity entity, string timeProperty, CancellationToken cancellationToken) =>
        // Each conflict means another record was written meanwhile, and each is written once: with n writing
        // at once, one sees at most n - 1 conflicts. The bound is only a backstop.
        await Contention.LatestRows.ExecuteAsync(
            async ct =>
            {
                NullableResponse<TableEntity>? found = null;
                await StorageFailures.Guard(async () => found = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: ct), "Table");
                if (found is not { HasValue: true })
                {
                    await StorageFailures.Guard(() => table.AddEntityAsync(entity, ct), "Table");
                }
                else if (found.Value!.GetDateTimeOffset(timeProperty) <= entity.GetDateTimeOffset(timeProperty))
                {
                    // As late replaces (a run repeated at the same time has read the records since); a later one stays.
                    await StorageFailures.Guard(() => table.UpdateEntityAsync(entity, found.Value.ETag, TableUpdateMode.Replace, ct), "Table");
                }
            },
            cancellationToken);
}
