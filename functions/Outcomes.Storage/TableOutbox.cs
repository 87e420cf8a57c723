using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Outcomes.Core.Email;

namespace Outcomes.Storage;

/// <summary>
/// The email outbox in Azure Table Storage: one row per email key. The row key is the key's
/// SHA-256 (keys may hold characters a row key may not); the partition, its first two hex digits.
/// </summary>
public sealed class TableOutbox(TableServiceClient service) : IOutbox
{
    public const string Table = "Outbox";

    private readonly TableClient _table = service.GetTableClient(Table);

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        StorageFailures.Guard(() => _table.CreateIfNotExistsAsync(cancellationToken), "Table");

    public async Task<bool> AddAsync(EmailMessage message, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(message.Key);
        try
        {
            await StorageFailures.Guard(
                () => _table.AddEntityAsync(
                    Entity(partition, row, message, at),
                    cancellationToken),
                "Table");
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<OutboxEntry?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(key);
        NullableResponse<TableEntity>? found = null;
        await StorageFailures.Guard(async () => found = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken), "Table");
        if (found is not { HasValue: true })
        {
            return null;
        }

        var e = found.Value!;
        var images = Enumerable.Range(0, e.GetInt32("Images") ?? 0)
            .Select(i => new InlineImage(e.GetString($"Image{i}Id"), e.GetString($"Image{i}Type"), e.GetBinary($"Image{i}")))
            .ToList();
        return new OutboxEntry(
            new EmailMessage(e.GetString("Key"), e.GetString("To"), e.GetString("Subject"), TableText.Read(e, "Text") ?? "", TableText.Read(e, "Html") ?? "") { Images = images },
            Enum.Parse<EmailStatus>(e.GetString("Status")),
            e.GetInt32("Attempts") ?? 0,
            e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            e.GetDateTimeOffset("SentAt"),
            e.GetString("ProviderId"),
            e.GetString("LastError"));
    }

    public Task MarkSentAsync(string key, DateTimeOffset at, string? providerId, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(key);
        return StorageFailures.Guard(
            () => _table.UpdateEntityAsync(new TableEntity(partition, row) { ["Status"] = nameof(EmailStatus.Sent), ["SentAt"] = at, ["ProviderId"] = providerId }, ETag.All, TableUpdateMode.Merge, cancellationToken),
            "Table");
    }

    public Task MarkFailedAsync(string key, int attempts, string reason, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(key);
        return StorageFailures.Guard(
            () => _table.UpdateEntityAsync(
                new TableEntity(partition, row) { ["Status"] = nameof(EmailStatus.Failed), ["Attempts"] = attempts, ["LastError"] = reason.Length > 1000 ? reason[..1000] : reason },
                ETag.All,
                TableUpdateMode.Merge,
                cancellationToken),
            "Table");
    }

    private static TableEntity Entity(string partition, string row, EmailMessage message, DateTimeOffset at)
    {
        var entity = new TableEntity(partition, row)
        {
            ["Key"] = message.Key, ["To"] = message.To, ["Subject"] = message.Subject,
            ["Status"] = nameof(EmailStatus.Pending), ["Attempts"] = 0, ["CreatedAt"] = at, ["Images"] = message.Images.Count,
        };
        TableText.Write(entity, "Text", message.Text);
        TableText.Write(entity, "Html", message.Html);
        for (var i = 0; i < message.Images.Count; i++)
        {
            // A binary property holds 64 KiB; the digest's charts are a few KiB each.
            entity[$"Image{i}Id"] = message.Images[i].ContentId;
            entity[$"Image{i}Type"] = message.Images[i].ContentType;
            entity[$"Image{i}"] = message.Images[i].Content;
        }

        return entity;
    }

    private static (string Partition, string Row) Keys(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return (hash[..2], hash);
    }
}
