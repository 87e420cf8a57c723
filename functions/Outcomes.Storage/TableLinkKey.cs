using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Outcomes.Practice.Alerts;

namespace Outcomes.Storage;

/// <summary>
/// The clinic's link-signing key, kept in the <c>Keys</c> table: made at random on first use and
/// read once per process. Storage access is by managed identity and RBAC, so the key needs no
/// secret in configuration; deleting the row rotates it (outstanding links stop working).
/// </summary>
public sealed class TableLinkKey(TableServiceClient service) : ILinkKey
{
    public const string Table = "Keys";
    private const string Partition = "links";
    private const string Row = "hmac-sha256";

    private readonly TableClient _table = service.GetTableClient(Table);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        StorageFailures.Guard(() => _table.CreateIfNotExistsAsync(cancellationToken), "Table");

    public async Task<byte[]> GetAsync(CancellationToken cancellationToken)
    {
        if (_key is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await ReadOrCreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> ReadOrCreateAsync(CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity>? found = null;
        await StorageFailures.Guard(async () => found = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken), "Table");
        if (found is { HasValue: true } && found.Value!.GetBinary("Key") is { Length: 32 } key)
        {
            return key;
        }

        var fresh = RandomNumberGenerator.GetBytes(32);
        try
        {
            await StorageFailures.Guard(() => _table.AddEntityAsync(new TableEntity(Partition, Row) { ["Key"] = fresh }, cancellationToken), "Table");
            return fresh;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // Another instance made it first: use theirs.
            return await ReadOrCreateAsync(cancellationToken);
        }
    }
}
