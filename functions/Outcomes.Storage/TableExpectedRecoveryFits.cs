using Azure.Data.Tables;
using Outcomes.Practice.Learning;

namespace Outcomes.Storage;

/// <summary>
/// The service's expected-recovery fits in the <c>Learned</c> table, one row per measure. Two runs may
/// finish in either order: a row only ever moves to a later fit (<see cref="LatestRow"/>), as timer runs do.
/// </summary>
public sealed class TableExpectedRecoveryFits(TableServiceClient service) : IExpectedRecoveryFits
{
    public const string Table = "Learned";
    private const string Partition = "expected-recovery";

    private readonly TableClient _table = service.GetTableClient(Table);

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        StorageFailures.Guard(() => _table.CreateIfNotExistsAsync(cancellationToken), "Table");

    public Task RecordAsync(ExpectedRecoveryFit fit, CancellationToken cancellationToken) =>
        LatestRow.RecordAsync(_table, new TableEntity(Partition, fit.InstrumentId) { ["FittedAt"] = fit.FittedAt, ["Episodes"] = fit.Episodes, ["Bands"] = fit.Bands }, "FittedAt", cancellationToken);

    public async Task<IReadOnlyList<ExpectedRecoveryFit>> ListAsync(CancellationToken cancellationToken)
    {
        var fits = new List<ExpectedRecoveryFit>();
        await StorageFailures.Guard(
            async () =>
            {
                await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
                {
                    fits.Add(new ExpectedRecoveryFit(e.RowKey, e.GetDateTimeOffset("FittedAt") ?? DateTimeOffset.MinValue, e.GetInt32("Episodes") ?? 0, e.GetString("Bands")));
                }
            },
            "Table");
        return fits;
    }
}
