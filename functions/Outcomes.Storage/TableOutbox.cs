using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Outcomes.Practice.Email;

namespace Outcomes.Storage;

/// <summary>
/// The email outbox in Azure Table Storage: one row per email key. The row key is the key's
/// SHA-256 (keys may hold characters a row key may not); the partition, its first two hex digits.
/// Beside the emails: an index of those not yet sent (partition <c>~unsent</c>), so that the redrive
/// run reads only those; the bulk lane's pace (<c>~pace</c>); and the emails waiting for a delivery
/// report or reported not delivered (<c>~delivery</c>). A provider's report names an email by the
/// operation id its sender derived from the key: the first half of the row key, found with one
/// range query.
/// </summary>
public sealed class TableOutbox(TableServiceClient service) : IOutbox
{
    public const string Table = "Outbox";
    private const string UnsentPartition = "~unsent";
    private const string PacePartition = "~pace";
    private const string DeliveryPartition = "~delivery";

    /// <summary>The clients an email names, as ids: what erasure goes by (<see cref="Names"/>).</summary>
    internal const string NamesProperty = "Names";

    private readonly TableClient _table = service.GetTableClient(Table);

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        StorageFailures.Guard(() => _table.CreateIfNotExistsAsync(cancellationToken), "Table");

    public async Task<bool> AddAsync(EmailMessage message, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(message.Key);

        // Indexed first: an email can be unsent only if the redrive run knows of it (an index row for an email already sent is dropped by the run).
        await StorageFailures.Guard(
            () => _table.UpsertEntityAsync(new TableEntity(UnsentPartition, row) { ["Key"] = message.Key, ["Urgent"] = message.Urgent }, TableUpdateMode.Replace, cancellationToken),
            "Table");
        try
        {
            await StorageFailures.Guard(() => _table.AddEntityAsync(Entity(partition, row, message, at), cancellationToken), "Table");
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
            new EmailMessage(e.GetString("Key"), e.GetString("To"), e.GetString("Subject"), TableText.Read(e, "Text") ?? "", TableText.Read(e, "Html") ?? "")
            {
                Images = images, Urgent = e.GetBoolean("Urgent") ?? false, Names = Names(e) ?? [], AnsweredAt = e.GetDateTimeOffset("AnsweredAt"), RiskAlert = RiskAlertOf(e),
            },
            Enum.Parse<EmailStatus>(e.GetString("Status")),
            e.GetInt32("Attempts") ?? 0,
            e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            e.GetDateTimeOffset("SentAt"),
            e.GetString("ProviderId"),
            e.GetString("LastError"))
        {
            NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
            Delivery = Enum.TryParse<DeliveryStatus>(e.GetString("Delivery"), out var delivery) ? delivery : null,
            SendingUntil = e.GetDateTimeOffset("SendingUntil"),
            Permanent = e.GetBoolean("Permanent") ?? false,
            Version = e.ETag.ToString(),
        };
    }

    public async Task MarkSentAsync(string key, DateTimeOffset at, string? providerId, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(key);
        await Merge(new TableEntity(partition, row) { ["Status"] = nameof(EmailStatus.Sent), ["SentAt"] = at, ["ProviderId"] = providerId, ["SendingUntil"] = DateTimeOffset.UnixEpoch }, cancellationToken);
        await ForgetUnsentAsync(key, cancellationToken);
    }

    public Task MarkFailedAsync(string key, int attempts, string reason, CancellationToken cancellationToken, bool permanent = false, DateTimeOffset? nextAttemptAt = null)
    {
        var (partition, row) = Keys(key);
        return Merge(
            new TableEntity(partition, row)
            {
                ["Status"] = nameof(EmailStatus.Failed), ["Attempts"] = attempts, ["LastError"] = Short(reason), ["Permanent"] = permanent,
                ["NextAttemptAt"] = nextAttemptAt, ["SendingUntil"] = DateTimeOffset.UnixEpoch,
            },
            cancellationToken);
    }

    public Task MarkDeferredAsync(string key, string reason, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(key);
        return Merge(
            new TableEntity(partition, row) { ["Status"] = nameof(EmailStatus.Pending), ["LastError"] = Short(reason), ["NextAttemptAt"] = retryAt, ["SendingUntil"] = DateTimeOffset.UnixEpoch },
            cancellationToken);
    }

    public async Task<bool> ClaimAsync(OutboxEntry entry, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(entry.Message.Key);
        try
        {
            await StorageFailures.Guard(
                () => _table.UpdateEntityAsync(new TableEntity(partition, row) { ["SendingUntil"] = until }, new ETag(entry.Version!), TableUpdateMode.Merge, cancellationToken),
                "Table");
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task NoteRequestedAsync(string key, DateTimeOffset visibleAt, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(key);
        return Merge(new TableEntity(partition, row) { ["NextAttemptAt"] = visibleAt }, cancellationToken);
    }

    public async Task<DateTimeOffset> TakeSlotAsync(DateTimeOffset notBefore, TimeSpan interval, CancellationToken cancellationToken)
    {
        // Read, take, write back on the row's ETag: two instances never take the same slot.
        return await Contention.PaceSlots.ExecuteAsync(
            async ct =>
            {
                NullableResponse<TableEntity>? found = null;
                await StorageFailures.Guard(async () => found = await _table.GetEntityIfExistsAsync<TableEntity>(PacePartition, "bulk", cancellationToken: ct), "Table");
                var next = found is { HasValue: true } ? found.Value!.GetDateTimeOffset("NextSlot") ?? notBefore : notBefore;
                var slot = next > notBefore ? next : notBefore;
                var entity = new TableEntity(PacePartition, "bulk") { ["NextSlot"] = slot + interval };
                await StorageFailures.Guard(
                    () => found is { HasValue: true }
                        ? _table.UpdateEntityAsync(entity, found.Value!.ETag, TableUpdateMode.Replace, ct)
                        : _table.AddEntityAsync(entity, ct),
                    "Table");
                return slot;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<UnsentEmail>> ListUnsentAsync(CancellationToken cancellationToken)
    {
        var unsent = new List<UnsentEmail>();
        await StorageFailures.Guard(
            async () =>
            {
                await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == UnsentPartition, cancellationToken: cancellationToken))
                {
                    unsent.Add(new UnsentEmail(e.GetString("Key"), e.GetBoolean("Urgent") ?? false));
                }
            },
            "Table");
        return unsent;
    }

    public async Task ForgetUnsentAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await StorageFailures.Guard(() => _table.DeleteEntityAsync(UnsentPartition, Keys(key).Row, ETag.All, cancellationToken), "Table");
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    public Task WatchDeliveryAsync(string key, bool urgent, DateTimeOffset from, CancellationToken cancellationToken) =>
        StorageFailures.Guard(
            () => _table.UpsertEntityAsync(new TableEntity(DeliveryPartition, Keys(key).Row) { ["Key"] = key, ["Urgent"] = urgent, ["WatchedFrom"] = from }, TableUpdateMode.Merge, cancellationToken),
            "Table");

    public async Task<ReportedEmail?> FindByOperationAsync(Guid operationId, CancellationToken cancellationToken)
    {
        // The sender's operation id is the first 16 bytes of the key's SHA-256, so its hex begins the row key.
        var prefix = Convert.ToHexStringLower(operationId.ToByteArray());
        var partition = prefix[..2];
        var upper = prefix + "g"; // after every hex digit
        ReportedEmail? found = null;
        await StorageFailures.Guard(
            async () =>
            {
                await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition && e.RowKey.CompareTo(prefix) >= 0 && e.RowKey.CompareTo(upper) < 0, maxPerPage: 1, select: ["Key", "Urgent", "CreatedAt", "AlertClientId", "AlertKey"], cancellationToken: cancellationToken))
                {
                    found = new ReportedEmail(e.GetString("Key"), e.GetBoolean("Urgent") ?? false, e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, RiskAlertOf(e));
                    break;
                }
            },
            "Table");
        return found;
    }

    public async Task RecordDeliveryAsync(string key, DeliveryStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (partition, row) = Keys(key);
        await Merge(new TableEntity(partition, row) { ["Delivery"] = status.ToString(), ["DeliveryAt"] = at }, cancellationToken);
        if (status == DeliveryStatus.Delivered)
        {
            await ForgetDeliveryAsync(key, cancellationToken);
        }
        else
        {
            await StorageFailures.Guard(
                () => _table.UpsertEntityAsync(new TableEntity(DeliveryPartition, row) { ["Key"] = key, ["Status"] = status.ToString(), ["ReportedAt"] = at }, TableUpdateMode.Merge, cancellationToken),
                "Table");
        }
    }

    public async Task<IReadOnlyList<WatchedDelivery>> ListWatchedDeliveriesAsync(CancellationToken cancellationToken)
    {
        var watched = new List<WatchedDelivery>();
        await StorageFailures.Guard(
            async () =>
            {
                await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == DeliveryPartition, cancellationToken: cancellationToken))
                {
                    watched.Add(new WatchedDelivery(
                        e.GetString("Key"), e.GetBoolean("Urgent") ?? false, e.GetDateTimeOffset("WatchedFrom") ?? e.GetDateTimeOffset("ReportedAt") ?? DateTimeOffset.MinValue,
                        Enum.TryParse<DeliveryStatus>(e.GetString("Status"), out var status) ? status : null, e.GetDateTimeOffset("ReportedAt")));
                }
            },
            "Table");
        return watched;
    }

    public async Task ForgetDeliveryAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await StorageFailures.Guard(() => _table.DeleteEntityAsync(DeliveryPartition, Keys(key).Row, ETag.All, cancellationToken), "Table");
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    public async Task<int> ForgetBodiesAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken)
    {
        var old = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {"~"} and Status eq {nameof(EmailStatus.Sent)} and SentAt lt {sentBefore}");
        await StorageFailures.Guard(
            async () =>
            {
                old.Clear();
                await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                {
                    if (e.GetDateTimeOffset(BodyRemovedAt) is null)
                    {
                        old.Add(e);
                    }
                }
            },
            "Table");
        foreach (var e in old)
        {
            // On the ETag as read: an email changed meanwhile is left for the next run.
            try
            {
                await StorageFailures.Guard(() => _table.UpdateEntityAsync(Metadata(e, Names(e) ?? [], e.GetString("Subject"), sentBefore), e.ETag, TableUpdateMode.Replace, cancellationToken), "Table");
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
            }
        }

        return old.Count;
    }

    /// <summary>When an email's words were taken out of its row (kept no longer, or it named a client since erased).</summary>
    internal const string BodyRemovedAt = "BodyRemovedAt";

    /// <summary>
    /// An email row as metadata alone: what it was (key, lane, addressee), what became of it, and
    /// whom it names — without its subject when <paramref name="subject"/> is null, and without its
    /// words and images.
    /// </summary>
    internal static TableEntity Metadata(TableEntity email, IReadOnlyList<string> names, string? subject, DateTimeOffset at)
    {
        var kept = new TableEntity(email.PartitionKey, email.RowKey) { [BodyRemovedAt] = at };
        foreach (var property in new[] { "Key", "To", "Urgent", "Status", "Attempts", "CreatedAt", "SentAt", "ProviderId", "LastError", "Permanent", "NextAttemptAt", "Delivery", "DeliveryAt" })
        {
            if (email.TryGetValue(property, out var value) && value is not null)
            {
                kept[property] = value;
            }
        }

        kept["Subject"] = subject ?? "";
        TableText.Write(kept, NamesProperty, string.Join(',', names));
        return kept;
    }

    private Task Merge(TableEntity entity, CancellationToken cancellationToken) =>
        StorageFailures.Guard(() => _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken), "Table");

    private static string Short(string reason) => reason.Length > 1000 ? reason[..1000] : reason;

    private static TableEntity Entity(string partition, string row, EmailMessage message, DateTimeOffset at)
    {
        var entity = new TableEntity(partition, row)
        {
            ["Key"] = message.Key, ["To"] = message.To, ["Subject"] = message.Subject, ["Urgent"] = message.Urgent, ["AnsweredAt"] = message.AnsweredAt,
            ["AlertClientId"] = message.RiskAlert?.ClientId, ["AlertKey"] = message.RiskAlert?.AlertKey,
            ["Status"] = nameof(EmailStatus.Pending), ["Attempts"] = 0, ["CreatedAt"] = at, ["Images"] = message.Images.Count,
        };
        TableText.Write(entity, NamesProperty, string.Join(',', message.Names));
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

    /// <summary>The clients an email row names; null for a row written before emails recorded them.</summary>
    /// <summary>The risk alert a therapist's alert email is about, from its columns; an email written before they were kept is read by its key (the only place a key is read back).</summary>
    private static AlertReference? RiskAlertOf(TableEntity email) =>
        email.GetString("AlertClientId") is { Length: > 0 } client && email.GetString("AlertKey") is { Length: > 0 } alert ? new(client, alert)
        : email.GetString("Key") is { } key && key.StartsWith("risk:", StringComparison.Ordinal) && key.Split(':', 3) is [_, var c, var a] ? new(c, a)
        : null;

    internal static IReadOnlyList<string>? Names(TableEntity email) =>
        TableText.Read(email, NamesProperty)?.Split(',', StringSplitOptions.RemoveEmptyEntries);

    internal static (string Partition, string Row) Keys(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return (hash[..2], hash);
    }
}
