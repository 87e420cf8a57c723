using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;

namespace Outcomes.Storage;

/// <summary>
/// The practice's records in Azure Table Storage. Tables and keys are described in docs/storage.md.
/// Every storage failure surfaces as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class TablePracticeStore(TableServiceClient service, TimeProvider? time = null) : IClientRecords, ICaseloads, ITherapists
{
    /// <summary>
    /// An enrolment writes the client's profile straight after reserving their display code. A
    /// reservation whose client is still missing after this long is an enrolment that failed half-way,
    /// and may be taken over; a younger one is an enrolment under way, and may not.
    /// </summary>
    public static readonly TimeSpan EnrolmentWindow = TimeSpan.FromMinutes(2);

    public const string TherapistsTable = "Therapists";
    public const string ClientsTable = "Clients";
    public const string SummariesTable = "Summaries";
    private const string TherapistPartition = "therapist";

    // In a therapist's Summaries partition, the row that claims a warning email while it is sent (client ids are 32 hex digits).
    internal const string WarningClaim = "~warnings";

    // In a therapist's Summaries partition, the rows that reserve the display codes of their clients.
    private const string DisplayCodePrefix = "~code|";

    private DateTimeOffset Now => (time ?? TimeProvider.System).GetUtcNow();
    private const int MaxSeries = 104;
    private const int KeptInvitations = 8;

    private readonly TableClient _therapists = service.GetTableClient(TherapistsTable);
    private readonly TableClient _clients = service.GetTableClient(ClientsTable);
    private readonly TableClient _summaries = service.GetTableClient(SummariesTable);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { _therapists, _clients, _summaries })
        {
            await Guard(() => table.CreateIfNotExistsAsync(cancellationToken));
        }
    }

    public Task AddTherapistAsync(Therapist therapist, CancellationToken cancellationToken) =>
        Guard(() => _therapists.AddEntityAsync(
            new TherapistRow
            {
                PartitionKey = TherapistPartition, RowKey = therapist.Id, Name = therapist.Name, Email = therapist.Email, TimeZone = therapist.TimeZone, EnrolledAt = therapist.EnrolledAt,
                DigestDay = therapist.DigestDay.ToString(), DigestHour = therapist.DigestHour, ProgressEmails = therapist.ProgressEmails.ToString(),
            },
            cancellationToken));

    public async Task<Therapist?> FindTherapistAsync(string therapistId, CancellationToken cancellationToken)
    {
        var row = await Find<TherapistRow>(_therapists, TherapistPartition, therapistId, cancellationToken);
        return row is null ? null : ToTherapist(row);
    }

    public async Task<IReadOnlyList<Therapist>> ListTherapistsAsync(CancellationToken cancellationToken)
    {
        var therapists = new List<Therapist>();
        await Guard(async () =>
        {
            await foreach (var row in _therapists.QueryAsync<TherapistRow>(e => e.PartitionKey == TherapistPartition, cancellationToken: cancellationToken))
            {
                therapists.Add(ToTherapist(row));
            }
        });
        return therapists;
    }

    public Task ChangeDigestAsync(string therapistId, DayOfWeek digestDay, int digestHour, ProgressEmails progressEmails, CancellationToken cancellationToken) =>
        Guard(() => _therapists.UpdateEntityAsync(
            new TableEntity(TherapistPartition, therapistId) { ["DigestDay"] = digestDay.ToString(), ["DigestHour"] = digestHour, ["ProgressEmails"] = progressEmails.ToString() },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken));

    public Task RecordDigestSentAsync(string therapistId, DateOnly slot, CancellationToken cancellationToken) =>
        Guard(() => _therapists.UpdateEntityAsync(
            new TableEntity(TherapistPartition, therapistId) { ["LastDigestFor"] = slot.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken));

    public async Task<bool> AddProfileAsync(ClientProfile client, CancellationToken cancellationToken)
    {
        try
        {
            await Guard(() => _clients.AddEntityAsync(
                new ProfileRow
                {
                    PartitionKey = client.Id, RowKey = RowKeys.Profile, TherapistId = client.TherapistId, DisplayCode = client.DisplayCode, Email = client.Email,
                    Instruments = string.Join(',', client.Instruments), CadenceDays = client.CadenceDays, TimeZone = client.TimeZone, EnrolledAt = client.EnrolledAt,
                },
                cancellationToken));
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // There already: this enrolment's own earlier attempt, or someone else's client.
            var there = await FindClientAsync(client.Id, cancellationToken);
            return there is not null && there.TherapistId == client.TherapistId && DisplayCodeKey(there.DisplayCode) == DisplayCodeKey(client.DisplayCode)
                ? false
                : throw new ConflictException($"Another client is enrolled under the id {client.Id}.");
        }
    }

    public Task PutOnCaseloadAsync(ClientProfile client, CancellationToken cancellationToken) =>
        Guard(() => _summaries.UpsertEntityAsync(
            new TableEntity(client.TherapistId, client.Id) { ["DisplayCode"] = client.DisplayCode, ["Responses"] = 0, ["Status"] = client.Status.ToString() },
            TableUpdateMode.Merge,
            cancellationToken));

    public async Task<ClientProfile?> FindClientAsync(string clientId, CancellationToken cancellationToken)
    {
        var row = await Find<ProfileRow>(_clients, clientId, RowKeys.Profile, cancellationToken);
        return row is null ? null : ToProfile(row);
    }

    public Task ChangeQuestionnairesAsync(ClientProfile client, IReadOnlyList<string> instruments, int cadenceDays, CancellationToken cancellationToken) =>
        Guard(() => _clients.UpdateEntityAsync(
            new TableEntity(client.Id, RowKeys.Profile) { ["Instruments"] = string.Join(',', instruments), ["CadenceDays"] = cadenceDays },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken));

    public async Task SetClientStatusAsync(ClientProfile client, ClientStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var profile = new TableEntity(client.Id, RowKeys.Profile) { ["Status"] = status.ToString(), ["DischargedAt"] = status == ClientStatus.Discharged ? at : null };
        await Guard(() => _clients.UpdateEntityAsync(profile, ETag.All, TableUpdateMode.Merge, cancellationToken));
        await Guard(() => _summaries.UpsertEntityAsync(new TableEntity(client.TherapistId, client.Id) { ["Status"] = status.ToString() }, TableUpdateMode.Merge, cancellationToken));
    }

    public async Task<IReadOnlyList<ClientProfile>> ListClientsAsync(CancellationToken cancellationToken)
    {
        var clients = new List<ClientProfile>();
        await Guard(async () =>
        {
            await foreach (var row in _clients.QueryAsync<ProfileRow>(e => e.RowKey == RowKeys.Profile, cancellationToken: cancellationToken))
            {
                clients.Add(ToProfile(row));
            }
        });
        return clients;
    }

    public Task AddInvitationAsync(Invitation invitation, CancellationToken cancellationToken) =>
        Guard(() => _clients.AddEntityAsync(ToRow(invitation), cancellationToken));

    public async Task<Invitation?> FindInvitationAsync(string clientId, string tokenHash, CancellationToken cancellationToken)
    {
        var row = await Find<InvitationRow>(_clients, clientId, RowKeys.Invitation + tokenHash, cancellationToken);
        return row is null ? null : ToInvitation(row);
    }

    public async Task<bool> RecordResponseAsync(StoredResponse response, Invitation invitation, CancellationToken cancellationToken)
    {
        var used = ToRow(invitation with { UsedAt = response.SubmittedAt, ResponseId = response.ResponseId });
        used.ETag = new ETag(invitation.Version ?? throw new ArgumentException("The invitation must come from this store.", nameof(invitation)));
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, new ResponseRow
            {
                PartitionKey = response.ClientId, RowKey = RowKeys.Response + response.ResponseId, TherapistId = response.TherapistId,
                SubmittedAt = response.SubmittedAt, Answers = StoredJson.Answers(response.Answers),
            }),

            // Only if nobody used the invitation since it was read: a double submission writes nothing.
            new(TableTransactionActionType.UpdateReplace, used, used.ETag),

            // Until its score is written: the scoring redrive finds a response whose request was lost.
            new(TableTransactionActionType.Add, new TableEntity(response.ClientId, RowKeys.AwaitingScoring + response.ResponseId) { ["SubmittedAt"] = response.SubmittedAt }),
        ];
        return await Transact(actions, cancellationToken);
    }

    public async Task<ClientFile> ReadClientFileAsync(string clientId, CancellationToken cancellationToken)
    {
        ClientProfile? profile = null;
        var invitations = new List<Invitation>();
        var responses = new List<StoredResponse>();
        var scores = new List<ScoreRecord>();
        var alerts = new List<AlertRecord>();
        var awaiting = new List<string>();
        await Guard(async () =>
        {
            await foreach (var entity in _clients.QueryAsync<TableEntity>(e => e.PartitionKey == clientId, cancellationToken: cancellationToken))
            {
                var key = entity.RowKey;
                if (key == RowKeys.Profile)
                {
                    profile = ToProfile(Read<ProfileRow>(entity));
                }
                else if (key.StartsWith(RowKeys.Invitation, StringComparison.Ordinal))
                {
                    invitations.Add(ToInvitation(Read<InvitationRow>(entity)));
                }
                else if (key.StartsWith(RowKeys.Response, StringComparison.Ordinal))
                {
                    var row = Read<ResponseRow>(entity);
                    responses.Add(new StoredResponse(clientId, key[RowKeys.Response.Length..], row.TherapistId, row.SubmittedAt, StoredJson.Answers(row.Answers)));
                }
                else if (key.StartsWith(RowKeys.Score, StringComparison.Ordinal))
                {
                    var row = Read<ScoreRow>(entity);
                    scores.Add(new ScoreRecord(clientId, key[RowKeys.Score.Length..], row.ScoredAt, StoredJson.Scores(row.Scores)));
                }
                else if (key.StartsWith(RowKeys.AwaitingScoring, StringComparison.Ordinal))
                {
                    awaiting.Add(key[RowKeys.AwaitingScoring.Length..]);
                }
                else if (key.StartsWith(RowKeys.Alert, StringComparison.Ordinal))
                {
                    var row = Read<AlertRow>(entity);
                    alerts.Add(new AlertRecord(
                        clientId, key[RowKeys.Alert.Length..], Enum.Parse<FindingKind>(row.Kind), Enum.Parse<AlertUrgency>(row.Urgency), row.InstrumentId, row.Description, row.ResponseId, row.RaisedAt,
                        row.EmailedAt, row.AcknowledgedAt, row.AcknowledgedBy, row.EscalatedAt, row.ETag.ToString())
                    {
                        CheckIn = row.CheckIn,
                        CheckInAt = row.CheckInAt,
                        AcknowledgementNote = row.AcknowledgementNote,
                    });
                }
            }
        });
        return new ClientFile(profile, invitations, responses, scores, alerts) { AwaitingScoring = awaiting };
    }

    public async Task<IReadOnlyList<ScoreRequest>> ListAwaitingScoringAsync(DateTimeOffset submittedBefore, CancellationToken cancellationToken)
    {
        // Across every client's partition, by row key: a scan of the table, run by a timer every few minutes, never by a request.
        var filter = TableClient.CreateQueryFilter($"RowKey ge {RowKeys.AwaitingScoring} and RowKey lt {RowKeys.AwaitingScoring[..^1] + "}"} and SubmittedAt lt {submittedBefore}");
        var awaiting = new List<ScoreRequest>();
        await Guard(async () =>
        {
            await foreach (var entity in _clients.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                awaiting.Add(new ScoreRequest(entity.PartitionKey, entity.RowKey[RowKeys.AwaitingScoring.Length..]));
            }
        });
        return awaiting;
    }

    public async Task<bool> RecordScoringAsync(ScoreRecord score, IReadOnlyList<AlertRecord> alerts, bool awaited, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new ScoreRow { PartitionKey = score.ClientId, RowKey = RowKeys.Score + score.ResponseId, ScoredAt = score.ScoredAt, Scores = StoredJson.Scores(score.Scores) }),
        };
        actions.AddRange(alerts.Select(a => new TableTransactionAction(TableTransactionActionType.Add, new AlertRow
        {
            PartitionKey = a.ClientId, RowKey = RowKeys.Alert + a.Key, Kind = a.Kind.ToString(), Urgency = a.Urgency.ToString(), InstrumentId = a.InstrumentId,
            Description = a.Description, ResponseId = a.ResponseId, RaisedAt = a.RaisedAt, CheckIn = a.CheckIn, CheckInAt = a.CheckInAt,
        })));
        if (awaited)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(score.ClientId, RowKeys.AwaitingScoring + score.ResponseId), ETag.All));
        }

        return await Transact(actions, cancellationToken);
    }

    public async Task<bool> UpdateAlertAsync(AlertRecord alert, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(alert.ClientId, RowKeys.Alert + alert.Key)
        {
            ["EmailedAt"] = alert.EmailedAt, ["AcknowledgedAt"] = alert.AcknowledgedAt, ["AcknowledgedBy"] = alert.AcknowledgedBy, ["EscalatedAt"] = alert.EscalatedAt,
            ["AcknowledgementNote"] = alert.AcknowledgementNote,
        };
        try
        {
            await Guard(() => _clients.UpdateEntityAsync(entity, new ETag(alert.Version ?? throw new ArgumentException("The alert must come from this store.", nameof(alert))), TableUpdateMode.Merge, cancellationToken));
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task UpsertSummaryAsync(ClientSummary summary, long revision, CancellationToken cancellationToken)
    {
        // Only what scoring owns: the links issued, the warnings sent and the status have their own writers.
        var entity = new TableEntity(summary.TherapistId, summary.ClientId)
        {
            ["LastResponseAt"] = summary.LastResponseAt, ["Responses"] = summary.Responses, ["OpennessTrend"] = summary.OpennessTrend, ["Revision"] = revision,
        };
        if (!string.IsNullOrEmpty(summary.DisplayCode))
        {
            entity["DisplayCode"] = summary.DisplayCode;
        }

        TableText.Write(entity, "Instruments", StoredJson.Of(summary.Instruments.ToDictionary(
            i => i.Key,
            i => i.Value with { Series = i.Value.Series.Skip(Math.Max(0, i.Value.Series.Count - MaxSeries)).ToList() })));
        TableText.Write(entity, "Findings", StoredJson.Of(summary.Findings));
        TableText.Write(entity, "Alerts", StoredJson.Of(summary.Alerts.Select(a => a with { Version = null })));

        // On the row's ETag, and only over a summary made from an older (or the same) read of the
        // client's records: of two writers at once, the one that read later wins, whatever the order.
        await Contention.Summaries.ExecuteAsync(
            async ct =>
            {
                var row = await Find<TableEntity>(_summaries, summary.TherapistId, summary.ClientId, ct);
                if (row?.GetInt64("Revision") > revision)
                {
                    return;
                }

                await Guard(() => row is null
                    ? _summaries.AddEntityAsync(entity, ct)
                    : _summaries.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Merge, ct));
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
                    var row = await Find<TableEntity>(_summaries, invitation.TherapistId, invitation.ClientId, ct);
                    var issued = StoredJson.Read<List<IssuedInvitation>>(row?.GetString("Invitations"), []);
                    issued.Add(new IssuedInvitation(invitation.IssuedAt, invitation.ExpiresAt));
                    var entity = new TableEntity(invitation.TherapistId, invitation.ClientId) { ["Invitations"] = StoredJson.Of(issued.OrderBy(i => i.IssuedAt).TakeLast(KeptInvitations)) };
                    await Guard(() => row is null
                        ? _summaries.AddEntityAsync(entity, ct)
                        : _summaries.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Merge, ct));
                },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (Contention.IsConflict(ex))
        {
            return false; // other issuers kept getting there first: the caller takes its link back
        }
    }

    public async Task RemoveInvitationAsync(Invitation invitation, CancellationToken cancellationToken)
    {
        try
        {
            await Guard(() => _clients.DeleteEntityAsync(invitation.ClientId, RowKeys.Invitation + invitation.TokenHash, ETag.All, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    public async Task CloseOpenInvitationsAsync(string clientId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var file = await ReadClientFileAsync(clientId, cancellationToken);
        foreach (var invitation in file.Invitations.Where(i => !i.IsUsed && !i.IsExpired(now)))
        {
            try
            {
                // On the invitation as read: an answer given this moment stands (its write changed the ETag).
                await Guard(() => _clients.UpdateEntityAsync(
                    new TableEntity(clientId, RowKeys.Invitation + invitation.TokenHash) { ["ExpiresAt"] = now }, new ETag(invitation.Version!), TableUpdateMode.Merge, cancellationToken));
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
            }
        }
    }

    public async Task<bool> ReserveDisplayCodeAsync(string therapistId, string displayCode, string clientId, CancellationToken cancellationToken)
    {
        var key = DisplayCodeKey(displayCode);
        var reservation = new TableEntity(therapistId, key) { ["ClientId"] = clientId, ["ReservedAt"] = Now };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await Guard(() => _summaries.AddEntityAsync(reservation, cancellationToken));
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
            {
            }

            var held = await Find<TableEntity>(_summaries, therapistId, key, cancellationToken);
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
            var current = holder is null ? null : await FindClientAsync(holder, cancellationToken);
            if (current is not null && current.TherapistId == therapistId && DisplayCodeKey(current.DisplayCode) == key)
            {
                return false;
            }

            if (current is null && held.GetDateTimeOffset("ReservedAt") is { } reservedAt && Now - reservedAt < EnrolmentWindow)
            {
                return false; // the other enrolment is still writing its client
            }

            try
            {
                await Guard(() => _summaries.UpdateEntityAsync(reservation, held.ETag, TableUpdateMode.Replace, cancellationToken));
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
        var held = await Find<TableEntity>(_summaries, therapistId, DisplayCodeKey(displayCode), cancellationToken);
        if (held?.GetString("ClientId") != clientId)
        {
            return;
        }

        try
        {
            await Guard(() => _summaries.DeleteEntityAsync(therapistId, held.RowKey, held.ETag, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
        }
    }

    public async Task ReassignClientAsync(ClientProfile client, string therapistId, CancellationToken cancellationToken)
    {
        // The summary is copied to the new caseload before the profile names it, and the old one
        // goes last: a failure half-way leaves a summary in each, and the same request finishes it.
        var summary = await Find<TableEntity>(_summaries, client.TherapistId, client.Id, cancellationToken);
        if (summary is not null)
        {
            var moved = new TableEntity(therapistId, client.Id);
            foreach (var (name, value) in summary.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")))
            {
                moved[name] = value;
            }

            await Guard(() => _summaries.UpsertEntityAsync(moved, TableUpdateMode.Replace, cancellationToken));
        }

        await Guard(() => _clients.UpdateEntityAsync(new TableEntity(client.Id, RowKeys.Profile) { ["TherapistId"] = therapistId }, ETag.All, TableUpdateMode.Merge, cancellationToken));
        if (summary is not null)
        {
            try
            {
                await Guard(() => _summaries.DeleteEntityAsync(client.TherapistId, client.Id, ETag.All, cancellationToken));
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
            }
        }
    }

    // A display code's reservation row in the therapist's Summaries partition: case-insensitive, hex so that any code is a valid key.
    private static string DisplayCodeKey(string displayCode) =>
        DisplayCodePrefix + Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(displayCode.Trim().ToUpperInvariant()));

    public async Task<Caseload> ReadCaseloadAsync(string therapistId, CancellationToken cancellationToken)
    {
        var clients = new List<ClientSummary>();
        PendingWarnings? pending = null;
        string? claimVersion = null;
        await Guard(async () =>
        {
            await foreach (var e in _summaries.QueryAsync<TableEntity>(e => e.PartitionKey == therapistId, cancellationToken: cancellationToken))
            {
                if (e.RowKey.StartsWith(DisplayCodePrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (e.RowKey == WarningClaim)
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
                });
            }
        });
        return new Caseload(therapistId, clients, pending, claimVersion);
    }

    public async Task<bool> ClaimWarningEmailAsync(Caseload caseload, PendingWarnings pending, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(caseload.TherapistId, WarningClaim) { ["Pending"] = StoredJson.Of(pending) };
        try
        {
            // On the claim row as it was read: a run that read before another claimed, or finished, loses.
            await Guard(() => caseload.ClaimVersion is null
                ? _summaries.AddEntityAsync(claim, cancellationToken)
                : _summaries.UpdateEntityAsync(claim, new ETag(caseload.ClaimVersion), TableUpdateMode.Replace, cancellationToken));
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
        batches[^1].Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity(caseload.TherapistId, WarningClaim) { ["Pending"] = "" }, ETag.All));
        foreach (var batch in batches)
        {
            try
            {
                await _summaries.SubmitTransactionAsync(batch, cancellationToken);
            }
            catch (Exception ex) when (StorageFailures.IsUnavailable(ex))
            {
                throw new StorageUnavailableException("Table storage failed during a transaction.", ex);
            }
        }
    }

    private static async Task<T?> Find<T>(TableClient table, string partition, string row, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        NullableResponse<T>? found = null;
        await Guard(async () => found = await table.GetEntityIfExistsAsync<T>(partition, row, cancellationToken: cancellationToken));
        return found is { HasValue: true } ? found.Value : null;
    }

    private async Task<bool> Transact(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await _clients.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
        catch (Exception ex) when (StorageFailures.IsUnavailable(ex))
        {
            throw new StorageUnavailableException("Table storage failed during a transaction.", ex);
        }
    }

    private static Task Guard(Func<Task> operation) => StorageFailures.Guard(operation, "Table");

    private static T Read<T>(TableEntity entity)
        where T : Row, new()
    {
        var row = new T { PartitionKey = entity.PartitionKey, RowKey = entity.RowKey, ETag = entity.ETag, Timestamp = entity.Timestamp };
        foreach (var property in typeof(T).GetProperties())
        {
            if (property.DeclaringType == typeof(Row) || !entity.TryGetValue(property.Name, out var value) || value is null)
            {
                continue;
            }

            property.SetValue(row, value);
        }

        return row;
    }

    private static Therapist ToTherapist(TherapistRow row) =>
        new(row.RowKey, row.Name, row.Email, row.TimeZone, row.EnrolledAt,
            Enum.TryParse<DayOfWeek>(row.DigestDay, out var day) ? day : DayOfWeek.Monday,
            row.DigestHour ?? 8,
            DateOnly.TryParseExact(row.LastDigestFor, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last) ? last : null,
            Enum.TryParse<ProgressEmails>(row.ProgressEmails, out var progress) ? progress : ProgressEmails.Hourly);

    private static ClientProfile ToProfile(ProfileRow row) =>
        new(row.PartitionKey, row.TherapistId, row.DisplayCode, row.Email, row.Instruments.Split(',', StringSplitOptions.RemoveEmptyEntries), row.CadenceDays, row.TimeZone, row.EnrolledAt,
            Enum.TryParse<ClientStatus>(row.Status, out var status) ? status : ClientStatus.Active)
        {
            // A merge cannot remove a property: a discharge time left from before a client came back means nothing.
            DischargedAt = status == ClientStatus.Discharged ? row.DischargedAt : null,
        };

    private static InvitationRow ToRow(Invitation invitation) => new()
    {
        PartitionKey = invitation.ClientId, RowKey = RowKeys.Invitation + invitation.TokenHash, TherapistId = invitation.TherapistId,
        Instruments = string.Join(',', invitation.Instruments), IssuedAt = invitation.IssuedAt, ExpiresAt = invitation.ExpiresAt,
        UsedAt = invitation.UsedAt, ResponseId = invitation.ResponseId, RiskAnswer = invitation.RiskAnswer,
    };

    private static Invitation ToInvitation(InvitationRow row) =>
        new(row.PartitionKey, row.TherapistId, row.RowKey[RowKeys.Invitation.Length..], row.Instruments.Split(',', StringSplitOptions.RemoveEmptyEntries),
            row.IssuedAt, row.ExpiresAt, row.UsedAt, row.ResponseId, row.ETag.ToString(), row.RiskAnswer);
}
