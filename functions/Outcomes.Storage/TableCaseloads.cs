using System.Net;
using Azure;
using Azure.Data.Tables;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;

namespace Outcomes.Storage;

/// <summary>
/// Each therapist's caseload in the <c>Summaries</c> table, one partition per therapist (docs/storage.md):
/// a summary row per client, the display codes' reservations and the warning email's claim.
/// </summary>
public sealed class TableCaseloads(PracticeTables tables) : ICaseloads
{
    public async Task UpsertSummaryAsync(ClientSummary summary, long revision, CancellationToken cancellationToken)
    {
        // Only what scoring owns: the links issued, the warnings sent and the status have their own writers.
        var entity = new TableEntity(summary.TherapistId, summary.ClientId)
        {
            ["LastResponseAt"] = summary.LastResponseAt, ["Responses"] = summary.Responses, ["OpennessTrend"] = summary.OpennessTrend, ["Revision"] = revision,
            ["ProgressSeenAt"] = summary.ProgressSeenAt,
        };
        if (!string.IsNullOrEmpty(summary.DisplayCode))
        {
            entity["DisplayCode"] = summary.DisplayCode;
        }

        TableText.Write(entity, "Instruments", StoredJson.Of(summary.Instruments.ToDictionary(
            i => i.Key,
            i => i.Value with { Series = i.Value.Series.Skip(Math.Max(0, i.Value.Series.Count - PracticeTables.MaxSeries)).ToList() })));
        TableText.Write(entity, "Findings", StoredJson.Of(summary.Findings));
        TableText.Write(entity, "Alerts", StoredJson.Of(summary.Alerts.Select(a => a with { Version = null })));

        // On the row's ETag, and only over a summary made from an older (or the same) read of the
        // client's records: of two writers at once, the one that read later wins, whatever the order.
        await Contention.Summaries.ExecuteAsync(
            async ct =>
            {
                var row = await PracticeTables.Find<TableEntity>(tables.Summaries, summary.TherapistId, summary.ClientId, ct);
                if (row?.GetInt64("Revision") > revision)
                {
                    return;
                }

                await PracticeTables.Guard(() => row is null
                    ? tables.Summaries.AddEntityAsync(entity, ct)
                    : tables.Summaries.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Merge, ct));
            },
            cancellationToken);
    }

    public async Task<bool> RecordInvitationInSummaryAsync(Invitation invitation, CancellationToken cancellationToken)
    {
        // Read, append, write back on the row's ETag: concurrent issuers retry rather than overwrite each other.
        try
        {
            await Contention.IssuedLinks.ExecuteAsync(
                async ct =>
                {
                    var row = await PracticeTables.Find<TableEntity>(tables.Summaries, invitation.TherapistId, invitation.ClientId, ct);
                    var issued = StoredJson.Read<List<IssuedInvitation>>(row?.GetString("Invitations"), []);
                    issued.Add(new IssuedInvitation(invitation.IssuedAt, invitation.ExpiresAt));
                    var entity = new TableEntity(invitation.TherapistId, invitation.ClientId) { ["Invitations"] = StoredJson.Of(issued.OrderBy(i => i.IssuedAt).TakeLast(PracticeTables.KeptInvitations)) };
                    await PracticeTables.Guard(() => row is null
                        ? tables.Summaries.AddEntityAsync(entity, ct)
                        : tables.Summaries.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Merge, ct));
                },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (Contention.IsConflict(ex))
        {
            return false; // other issuers kept getting there first: the caller takes its link back
        }
    }

    public async Task<bool> ReserveDisplayCodeAsync(string therapistId, string displayCode, string clientId, CancellationToken cancellationToken)
    {
        var key = PracticeTables.DisplayCodeKey(displayCode);
        var reservation = new TableEntity(therapistId, key) { ["ClientId"] = clientId, ["ReservedAt"] = tables.Now };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await PracticeTables.Guard(() => tables.Summaries.AddEntityAsync(reservation, cancellationToken));
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
            {
            }

            var held = await PracticeTables.Find<TableEntity>(tables.Summaries, therapistId, key, cancellationToken);
            if (held is null)
            {
                continue; // released meanwhile: try again
            }

            var holder = held.GetString("ClientId");
            if (holder == clientId)
            {
                return true;
            }

            // Held by a client who never came to be (an enrolment that failed half-way) or has moved on: take it over.
            var current = holder is null ? null : await tables.FindClientAsync(holder, cancellationToken);
            if (current is not null && current.TherapistId == therapistId && PracticeTables.DisplayCodeKey(current.DisplayCode) == key)
            {
                return false;
            }

            if (current is null && held.GetDateTimeOffset("ReservedAt") is { } reservedAt && tables.Now - reservedAt < PracticeTables.EnrolmentWindow)
            {
                return false; // the other enrolment is still writing its client
            }

            try
            {
                await PracticeTables.Guard(() => tables.Summaries.UpdateEntityAsync(reservation, held.ETag, TableUpdateMode.Replace, cancellationToken));
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
            }
        }

        return false;
    }

    public async Task ReleaseDisplayCodeAsync(string therapistId, string displayCode, string clientId, CancellationToken cancellationToken)
    {
        var held = await PracticeTables.Find<TableEntity>(tables.Summaries, therapistId, PracticeTables.DisplayCodeKey(displayCode), cancellationToken);
        if (held?.GetString("ClientId") != clientId)
        {
            return;
        }

        try
        {
            await PracticeTables.Guard(() => tables.Summaries.DeleteEntityAsync(therapistId, held.RowKey, held.ETag, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
        }
    }

    public async Task<Caseload> ReadCaseloadAsync(string therapistId, CancellationToken cancellationToken)
    {
        var clients = new List<ClientSummary>();
        PendingWarnings? pending = null;
        string? claimVersion = null;
        await PracticeTables.Guard(async () =>
        {
            await foreach (var e in tables.Summaries.QueryAsync<TableEntity>(e => e.PartitionKey == therapistId, cancellationToken: cancellationToken))
            {
                if (e.RowKey.StartsWith(PracticeTables.DisplayCodePrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (e.RowKey == PracticeTables.WarningClaim)
                {
                    pending = StoredJson.Read<PendingWarnings?>(e.GetString("Pending"), null);
                    claimVersion = e.ETag.ToString();
                    continue;
                }

                clients.Add(new ClientSummary(
                    therapistId,
                    e.RowKey,
                    e.GetString("DisplayCode") ?? "",
                    e.GetDateTimeOffset("LastResponseAt"),
                    e.GetInt32("Responses") ?? 0,
                    StoredJson.Read<Dictionary<string, InstrumentSummary>>(TableText.Read(e, "Instruments"), []),
                    e.GetString("OpennessTrend"))
                {
                    Findings = StoredJson.Read<List<Finding>>(TableText.Read(e, "Findings"), []),
                    Alerts = StoredJson.Read<List<AlertRecord>>(TableText.Read(e, "Alerts"), []),
                    Invitations = StoredJson.Read<List<IssuedInvitation>>(e.GetString("Invitations"), []),
                    WarningsSent = StoredJson.Read<List<string>>(TableText.Read(e, "WarningsSent"), []),
                    Status = Enum.TryParse<ClientStatus>(e.GetString("Status"), out var status) ? status : ClientStatus.Active,
                    ProgressSeenAt = e.GetDateTimeOffset("ProgressSeenAt"),
                });
            }
        });
        return new Caseload(therapistId, clients, pending, claimVersion);
    }

    public async Task<bool> ClaimWarningEmailAsync(Caseload caseload, PendingWarnings pending, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(caseload.TherapistId, PracticeTables.WarningClaim) { ["Pending"] = StoredJson.Of(pending) };
        try
        {
            // On the claim row as it was read: a run that read before another claimed, or finished, loses.
            await PracticeTables.Guard(() => caseload.ClaimVersion is null
                ? tables.Summaries.AddEntityAsync(claim, cancellationToken)
                : tables.Summaries.UpdateEntityAsync(claim, new ETag(caseload.ClaimVersion), TableUpdateMode.Replace, cancellationToken));
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    public async Task CompleteWarningEmailAsync(Caseload caseload, PendingWarnings pending, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        foreach (var client in caseload.Clients)
        {
            var keys = pending.Warnings.Where(w => w.ClientId == client.ClientId).Select(w => w.AlertKey).ToList();
            if (keys.Count > 0)
            {
                var entity = new TableEntity(caseload.TherapistId, client.ClientId);
                TableText.Write(entity, "WarningsSent", StoredJson.Of(client.WarningsSent.Union(keys).ToList()));
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, ETag.All));
            }
        }

        // The warnings marked sent and the claim closed together (a transaction holds at most 100 rows);
        // done twice, by two runs finishing the same claim, it writes the same.
        var batches = actions.Chunk(99).Select(c => c.ToList()).DefaultIfEmpty([]).ToList();
        batches[^1].Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity(caseload.TherapistId, PracticeTables.WarningClaim) { ["Pending"] = "" }, ETag.All));
        foreach (var batch in batches)
        {
            try
            {
                await tables.Summaries.SubmitTransactionAsync(batch, cancellationToken);
            }
            catch (Exception ex) when (StorageFailures.IsUnavailable(ex))
            {
                throw new StorageUnavailableException("Table storage failed during a transaction.", ex);
            }
        }
    }
}
