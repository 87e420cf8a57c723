using System.Net;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Outcomes.Practice;
using Outcomes.Practice.Data;
using Outcomes.Practice.Email;

namespace Outcomes.Storage;

/// <summary>
/// Finds and erases a client's data in every table and queue (docs/storage.md, "Erasure"). Every
/// step is safe to repeat, and a row already gone (404) is what erasure wants; the profile goes
/// last, so an erasure that stops half-way is asked for again and finishes.
/// </summary>
public sealed class TablePersonalData(TableServiceClient tables, QueueServiceClient queues, TimeProvider time) : IPersonalData
{
    private const int Sweeps = 3;

    private readonly TableClient _clients = tables.GetTableClient(PracticeTables.ClientsTable);
    private readonly TableClient _summaries = tables.GetTableClient(PracticeTables.SummariesTable);
    private readonly TableClient _schedule = tables.GetTableClient(TableSchedule.Table);
    private readonly TableClient _outbox = tables.GetTableClient(TableOutbox.Table);
    private readonly TableClient _audit = tables.GetTableClient(TableAuditLog.Table);

    public async Task<ErasedRecords> EraseAsync(ClientProfile client, CancellationToken cancellationToken)
    {
        var id = client.Id;

        // First what would make more: the schedule (invitations, escalations) and the queued work.
        var rows = await DeleteAsync(_schedule, await QueryAsync(_schedule, TableClient.CreateQueryFilter($"ClientId eq {id}"), cancellationToken), cancellationToken);
        var messages = 0;
        foreach (var name in StorageQueues.All)
        {
            messages += await PurgeAsync(queues.GetQueueClient(name), id, cancellationToken);
        }

        var (emails, redacted) = await EraseEmailsAsync(client, cancellationToken);

        // The summary in any therapist's caseload, and the display code's reservation.
        rows += await DeleteAsync(_summaries, await QueryAsync(_summaries, TableClient.CreateQueryFilter($"RowKey eq {id} or ClientId eq {id}"), cancellationToken), cancellationToken);

        // A warning email claimed but not yet finished names its warnings by client: the erased client's come out of it.
        await DropFromWarningClaimsAsync(id, cancellationToken);

        // The audit log keeps what was done, by whom and when, without the client's id.
        foreach (var entry in await QueryAsync(_audit, TableClient.CreateQueryFilter($"ClientId eq {id}"), cancellationToken))
        {
            entry.Remove("ClientId");
            entry["Detail"] = (entry.GetString("Detail") ?? "") + " (client since erased)";
            await IgnoreGoneAsync(() => _audit.UpdateEntityAsync(entry, ETag.All, TableUpdateMode.Replace, cancellationToken));
        }

        // The client's own records, the profile last; then again, for any write that raced the first pass.
        for (var sweep = 0; sweep < Sweeps; sweep++)
        {
            var left = await QueryAsync(_clients, TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken);
            if (left.Count == 0)
            {
                break;
            }

            rows += await DeleteAsync(_clients, left.OrderBy(e => e.RowKey == "profile" ? 1 : 0).ToList(), cancellationToken);
        }

        return new ErasedRecords(rows, emails, redacted, messages);
    }

    private async Task DropFromWarningClaimsAsync(string clientId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Sweeps; attempt++)
        {
            var changed = false;
            foreach (var claim in await QueryAsync(_summaries, TableClient.CreateQueryFilter($"RowKey eq {PracticeTables.WarningClaim}"), cancellationToken))
            {
                var pending = StoredJson.Read<PendingWarnings?>(claim.GetString("Pending"), null);
                if (pending is null || pending.Warnings.All(w => w.ClientId != clientId))
                {
                    continue;
                }

                var update = new TableEntity(claim.PartitionKey, claim.RowKey) { ["Pending"] = StoredJson.Of(pending with { Warnings = pending.Warnings.Where(w => w.ClientId != clientId).ToList() }) };
                try
                {
                    await StorageFailures.Guard(() => _summaries.UpdateEntityAsync(update, claim.ETag, TableUpdateMode.Merge, cancellationToken), "Table");
                }
                catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
                {
                    changed = true; // the run finished or changed its claim meanwhile: read it again
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }

    public async Task<IReadOnlyList<EmailAbout>> EmailsAboutAsync(ClientProfile client, CancellationToken cancellationToken)
    {
        var found = new List<EmailAbout>();
        foreach (var e in await EmailRowsAsync(cancellationToken))
        {
            if (HowItNames(e, client) is { } naming)
            {
                found.Add(new EmailAbout(
                    e.GetString("Key"),
                    naming == Naming.Own,
                    e.GetString("Subject") ?? "",
                    e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
                    Enum.TryParse<EmailStatus>(e.GetString("Status"), out var status) ? status : EmailStatus.Pending,
                    e.GetDateTimeOffset("SentAt")));
            }
        }

        return found.OrderBy(m => m.CreatedAt).ToList();
    }

    /// <summary>
    /// By record, never by searching words: an email that names the client alone (theirs, or about
    /// them alone) is deleted with its index rows; one that names others too (a therapist's hourly
    /// email or digest) keeps only its metadata, without the client, and is not sent if it was
    /// still waiting. Every other email is left exactly as it was.
    /// </summary>
    private async Task<(int Deleted, int Redacted)> EraseEmailsAsync(ClientProfile client, CancellationToken cancellationToken)
    {
        int deleted = 0, redacted = 0;
        var now = time.GetUtcNow();
        foreach (var e in await EmailRowsAsync(cancellationToken))
        {
            var naming = HowItNames(e, client);
            if (naming is null)
            {
                continue;
            }

            var key = e.GetString("Key") ?? "";
            if (naming == Naming.Own)
            {
                deleted += await DeleteAsync(_outbox, [e], cancellationToken);
            }
            else
            {
                var others = (TableOutbox.Names(e) ?? []).Where(n => n != client.Id).ToList();
                var kept = TableOutbox.Metadata(e, others, subject: null, now);
                if (e.GetString("Status") != nameof(EmailStatus.Sent))
                {
                    kept["Status"] = nameof(EmailStatus.Failed);
                    kept["Permanent"] = true;
                    kept["LastError"] = "Not sent: it named a client who has since been erased.";
                }

                await IgnoreGoneAsync(() => _outbox.UpdateEntityAsync(kept, ETag.All, TableUpdateMode.Replace, cancellationToken));
                redacted++;
            }

            // Its index rows: not to be sent, nor watched for delivery.
            var row = TableOutbox.Keys(key).Row;
            await IgnoreGoneAsync(() => _outbox.DeleteEntityAsync("~unsent", row, ETag.All, cancellationToken));
            await IgnoreGoneAsync(() => _outbox.DeleteEntityAsync("~delivery", row, ETag.All, cancellationToken));
        }

        return (deleted, redacted);
    }

    /// <summary>The outbox's emails (its index partitions, named with '~', sort after every hex partition).</summary>
    private Task<List<TableEntity>> EmailRowsAsync(CancellationToken cancellationToken) =>
        QueryAsync(_outbox, TableClient.CreateQueryFilter($"PartitionKey lt {"~"}"), cancellationToken);

    private enum Naming
    {
        /// <summary>Names the client alone: theirs, or about them alone.</summary>
        Own,

        /// <summary>Names the client among others.</summary>
        Among,
    }

    /// <summary>
    /// Whether an email names the client, from the record it carries (<c>Names</c>). A row written
    /// before emails recorded whom they name is judged by its key alone: the client's own (the key
    /// holds their id), or — to be safe — every hourly email and digest of their therapist.
    /// </summary>
    private static Naming? HowItNames(TableEntity email, ClientProfile client)
    {
        if (TableOutbox.Names(email) is { } names)
        {
            return !names.Contains(client.Id) ? null : names.Count == 1 ? Naming.Own : Naming.Among;
        }

        var key = email.GetString("Key") ?? "";
        return key.Contains(client.Id, StringComparison.Ordinal) ? Naming.Own
            : EmailKeys.IsTherapistsRoundUp(key, client.TherapistId) ? Naming.Among
            : null;
    }

    /// <summary>
    /// Removes the queue's visible messages that name the client. Each other message is sent again
    /// (a copy first, then the original deleted: a crash between leaves a duplicate, which every
    /// handler takes in its stride, never a loss) rather than released, which would spend one of
    /// its retries. A message delayed out of sight (a throttled email's retry) is not reached, and
    /// carries only ids that then find nothing.
    /// </summary>
    private static async Task<int> PurgeAsync(QueueClient queue, string clientId, CancellationToken cancellationToken)
    {
        var removed = 0;
        var copies = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < 1000; round++)
        {
            Azure.Storage.Queues.Models.QueueMessage[] batch = [];
            await StorageFailures.Guard(async () => batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), cancellationToken)).Value, "Queue");
            if (batch.Length == 0)
            {
                break;
            }

            var onlyCopies = true;
            foreach (var message in batch)
            {
                onlyCopies &= copies.Contains(message.MessageId);
                var text = message.Body.ToString();
                if (!text.Contains(clientId, StringComparison.Ordinal))
                {
                    string? copy = null;
                    await StorageFailures.Guard(async () => copy = (await queue.SendMessageAsync(text, cancellationToken: cancellationToken)).Value.MessageId, "Queue");
                    copies.Add(copy!);
                }
                else
                {
                    removed++;
                }

                await IgnoreGoneAsync(() => queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken));
            }

            if (onlyCopies)
            {
                break;
            }
        }

        return removed;
    }

    private static async Task<List<TableEntity>> QueryAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await StorageFailures.Guard(
            async () =>
            {
                rows.Clear();
                await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                {
                    rows.Add(e);
                }
            },
            "Table");
        return rows;
    }

    private static async Task<int> DeleteAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await IgnoreGoneAsync(() => table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken));
        }

        return rows.Count;
    }

    /// <summary>A row or message already gone is what erasure wants; any other failure is storage's.</summary>
    private static Task IgnoreGoneAsync(Func<Task> operation) =>
        StorageFailures.Guard(
            async () =>
            {
                try
                {
                    await operation();
                }
                catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
                {
                }
            },
            "Storage");
}
