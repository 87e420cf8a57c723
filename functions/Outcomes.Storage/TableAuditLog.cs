using System.Globalization;
using Azure.Data.Tables;
using Outcomes.Practice.Data;

namespace Outcomes.Storage;

/// <summary>
/// The audit log in Azure Table Storage: a partition per month, rows newest first (the row key is
/// the inverted time), only ever added. The one change ever made to an entry is an erasure's: the
/// erased client's id is taken out, and what was done, by whom and when stays.
/// </summary>
public sealed class TableAuditLog(TableServiceClient service) : IAuditLog
{
    public const string Table = "Audit";

    private readonly TableClient _table = service.GetTableClient(Table);

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        StorageFailures.Guard(() => _table.CreateIfNotExistsAsync(cancellationToken), "Table");

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var row = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}-{Guid.NewGuid():N}");
        var entity = new TableEntity(Month(entry.At), row) { ["At"] = entry.At, ["Actor"] = entry.Actor, ["Action"] = entry.Action, ["Detail"] = entry.Detail };
        if (entry.ClientId is not null)
        {
            entity["ClientId"] = entry.ClientId;
        }

        return StorageFailures.Guard(() => _table.AddEntityAsync(entity, cancellationToken), "Table");
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        for (var month = new DateTimeOffset(to.UtcDateTime.Year, to.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero); month >= new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero); month = month.AddMonths(-1))
        {
            var partition = Month(month);
            await StorageFailures.Guard(
                async () =>
                {
                    await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
                    {
                        var at = e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue;
                        if (at >= from && at <= to)
                        {
                            entries.Add(new AuditEntry(at, e.GetString("Actor") ?? "", e.GetString("Action") ?? "", e.GetString("ClientId"), e.GetString("Detail") ?? ""));
                        }
                    }
                },
                "Table");
        }

        return entries;
    }

    private static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
