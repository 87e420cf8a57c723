using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Outcomes.Practice;

namespace Outcomes.Storage;

/// <summary>
/// The schedule in Azure Table Storage: one partition, row keys that start with the due time, so
/// "everything due by now" is one range query that reads only what is due.
/// </summary>
public sealed class TableSchedule(TableServiceClient service) : ISchedule
{
    public const string Table = "Schedule";
    private const string InvitationsPartition = "due";
    private const string EscalationsPartition = "escalation";

    private readonly TableClient _table = service.GetTableClient(Table);

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        StorageFailures.Guard(() => _table.CreateIfNotExistsAsync(cancellationToken), "Table");

    public Task AddAsync(DueItem item, CancellationToken cancellationToken) =>
        StorageFailures.Guard(
            () => _table.UpsertEntityAsync(
                new TableEntity(Partition(item.List), RowKey(item))
                {
                    ["DueAt"] = item.DueAt, ["ClientId"] = item.ClientId, ["Kind"] = item.Kind.ToString(),
                    ["Cycle"] = item.Cycle.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["LinkSalt"] = item.LinkSalt, ["TokenHash"] = item.TokenHash,
                    ["AlertKey"] = item.AlertKey,
                },
                TableUpdateMode.Replace,
                cancellationToken),
            "Table");

    public async Task<IReadOnlyList<DueItem>> DueAsync(DateTimeOffset upTo, DueList list, CancellationToken cancellationToken)
    {
        var items = new List<DueItem>();
        var end = $"{upTo.UtcTicks + 1:D19}";
        var partition = Partition(list);
        await StorageFailures.Guard(
            async () =>
            {
                await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition && e.RowKey.CompareTo(end) < 0, cancellationToken: cancellationToken))
                {
                    items.Add(new DueItem(
                        e.GetDateTimeOffset("DueAt")!.Value,
                        e.GetString("ClientId"),
                        Enum.Parse<DueKind>(e.GetString("Kind")),
                        DateOnly.ParseExact(e.GetString("Cycle"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                        e.GetString("LinkSalt"),
                        e.GetString("TokenHash"),
                        e.GetString("AlertKey")));
                }
            },
            "Table");
        return items;
    }

    public async Task RemoveAsync(DueItem item, CancellationToken cancellationToken)
    {
        try
        {
            await StorageFailures.Guard(() => _table.DeleteEntityAsync(Partition(item.List), RowKey(item), ETag.All, cancellationToken), "Table");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Removed already by an overlapping run.
        }
    }

    private static string Partition(DueList list) => list == DueList.Escalations ? EscalationsPartition : InvitationsPartition;

    private static string RowKey(DueItem item) =>
        item.Kind == DueKind.Escalation
            ? $"{item.DueAt.UtcTicks:D19}|{item.ClientId}|{item.Kind}|{Uri.EscapeDataString(item.AlertKey ?? "")}"
            : $"{item.DueAt.UtcTicks:D19}|{item.ClientId}|{item.Kind}|{item.Cycle:yyyyMMdd}";
}
