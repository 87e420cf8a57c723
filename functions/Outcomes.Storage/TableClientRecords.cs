using System.Net;
using Azure;
using Azure.Data.Tables;
using Outcomes.Clinical.Progress;
using Outcomes.Practice;

namespace Outcomes.Storage;

/// <summary>
/// Each client's record in the <c>Clients</c> table, one partition per client (docs/storage.md):
/// profile, links, responses, scores and alerts, written together in transactions; the summary row
/// moves with the client.
/// </summary>
public sealed class TableClientRecords(PracticeTables tables) : IClientRecords
{
    public async Task<bool> AddProfileAsync(ClientProfile client, CancellationToken cancellationToken)
    {
        try
        {
            await PracticeTables.Guard(() => tables.Clients.AddEntityAsync(
                new ProfileRow
                {
                    PartitionKey = client.Id, RowKey = RowKeys.Profile, TherapistId = client.TherapistId, DisplayCode = client.DisplayCode, Email = client.Email,
                    Instruments = string.Join(',', client.Instruments), CadenceDays = client.CadenceDays, TimeZone = client.TimeZone, EnrolledAt = client.EnrolledAt,
                    ShareProgress = client.ShareProgress?.ToString(),
                },
                cancellationToken));
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // There already: this enrolment's own earlier attempt, or someone else's client.
            var there = await FindClientAsync(client.Id, cancellationToken);
            return there is not null && there.TherapistId == client.TherapistId && PracticeTables.DisplayCodeKey(there.DisplayCode) == PracticeTables.DisplayCodeKey(client.DisplayCode)
                ? false
                : throw new ConflictException($"Another client is enrolled under the id {client.Id}.");
        }
    }

    public Task PutOnCaseloadAsync(ClientProfile client, CancellationToken cancellationToken) =>
        PracticeTables.Guard(() => tables.Summaries.UpsertEntityAsync(
            new TableEntity(client.TherapistId, client.Id) { ["DisplayCode"] = client.DisplayCode, ["Responses"] = 0, ["Status"] = client.Status.ToString() },
            TableUpdateMode.Merge,
            cancellationToken));

    public Task<ClientProfile?> FindClientAsync(string clientId, CancellationToken cancellationToken) => tables.FindClientAsync(clientId, cancellationToken);

    public Task ChangeQuestionnairesAsync(ClientProfile client, IReadOnlyList<string> instruments, int cadenceDays, CancellationToken cancellationToken) =>
        PracticeTables.Guard(() => tables.Clients.UpdateEntityAsync(
            new TableEntity(client.Id, RowKeys.Profile) { ["Instruments"] = string.Join(',', instruments), ["CadenceDays"] = cadenceDays },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken));

    public Task SetProgressSharingAsync(ClientProfile client, ProgressSharing? sharing, CancellationToken cancellationToken) =>
        PracticeTables.Guard(() => tables.Clients.UpdateEntityAsync(
            new TableEntity(client.Id, RowKeys.Profile) { ["ShareProgress"] = sharing?.ToString() ?? "" },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken));

    public async Task<bool> RecordProgressSeenAsync(string clientId, DateTimeOffset at, ProgressSeen? current, CancellationToken cancellationToken)
    {
        var row = new ProgressSeenRow { PartitionKey = clientId, RowKey = RowKeys.ProgressSeen, SeenAt = at, Views = (current?.Views ?? 0) + 1 };
        try
        {
            await PracticeTables.Guard(() => current is null
                ? tables.Clients.AddEntityAsync(row, cancellationToken)
                : tables.Clients.UpdateEntityAsync(row, new ETag(current.Version ?? throw new ArgumentException("The view must come from this store.", nameof(current))), TableUpdateMode.Replace, cancellationToken));
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task SetClientStatusAsync(ClientProfile client, ClientStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var profile = new TableEntity(client.Id, RowKeys.Profile) { ["Status"] = status.ToString(), ["DischargedAt"] = status == ClientStatus.Discharged ? at : null };
        await PracticeTables.Guard(() => tables.Clients.UpdateEntityAsync(profile, ETag.All, TableUpdateMode.Merge, cancellationToken));
        await PracticeTables.Guard(() => tables.Summaries.UpsertEntityAsync(new TableEntity(client.TherapistId, client.Id) { ["Status"] = status.ToString() }, TableUpdateMode.Merge, cancellationToken));
    }

    public async Task<IReadOnlyList<ClientProfile>> ListClientsAsync(CancellationToken cancellationToken)
    {
        var clients = new List<ClientProfile>();
        await PracticeTables.Guard(async () =>
        {
            await foreach (var row in tables.Clients.QueryAsync<ProfileRow>(e => e.RowKey == RowKeys.Profile, cancellationToken: cancellationToken))
            {
                clients.Add(PracticeTables.ToProfile(row));
            }
        });
        return clients;
    }

    public Task AddInvitationAsync(Invitation invitation, CancellationToken cancellationToken) =>
        PracticeTables.Guard(() => tables.Clients.AddEntityAsync(PracticeTables.ToRow(invitation), cancellationToken));

    public async Task<Invitation?> FindInvitationAsync(string clientId, string tokenHash, CancellationToken cancellationToken)
    {
        var row = await PracticeTables.Find<InvitationRow>(tables.Clients, clientId, RowKeys.Invitation + tokenHash, cancellationToken);
        return row is null ? null : PracticeTables.ToInvitation(row);
    }

    public async Task<bool> RecordResponseAsync(StoredResponse response, Invitation invitation, CancellationToken cancellationToken)
    {
        var used = PracticeTables.ToRow(invitation with { UsedAt = response.SubmittedAt, ResponseId = response.ResponseId });
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
        return await tables.Transact(actions, cancellationToken);
    }

    public async Task<ClientFile> ReadClientFileAsync(string clientId, CancellationToken cancellationToken)
    {
        ClientProfile? profile = null;
        var invitations = new List<Invitation>();
        var responses = new List<StoredResponse>();
        var scores = new List<ScoreRecord>();
        var alerts = new List<AlertRecord>();
        var awaiting = new List<string>();
        ProgressSeen? seen = null;
        await PracticeTables.Guard(async () =>
        {
            await foreach (var entity in tables.Clients.QueryAsync<TableEntity>(e => e.PartitionKey == clientId, cancellationToken: cancellationToken))
            {
                var key = entity.RowKey;
                if (key == RowKeys.Profile)
                {
                    profile = PracticeTables.ToProfile(PracticeTables.Read<ProfileRow>(entity));
                }
                else if (key.StartsWith(RowKeys.Invitation, StringComparison.Ordinal))
                {
                    invitations.Add(PracticeTables.ToInvitation(PracticeTables.Read<InvitationRow>(entity)));
                }
                else if (key.StartsWith(RowKeys.Response, StringComparison.Ordinal))
                {
                    var row = PracticeTables.Read<ResponseRow>(entity);
                    responses.Add(new StoredResponse(clientId, key[RowKeys.Response.Length..], row.TherapistId, row.SubmittedAt, StoredJson.Answers(row.Answers)));
                }
                else if (key.StartsWith(RowKeys.Score, StringComparison.Ordinal))
                {
                    var row = PracticeTables.Read<ScoreRow>(entity);
                    scores.Add(new ScoreRecord(clientId, key[RowKeys.Score.Length..], row.ScoredAt, StoredJson.Scores(row.Scores)));
                }
                else if (key == RowKeys.ProgressSeen)
                {
                    var row = PracticeTables.Read<ProgressSeenRow>(entity);
                    seen = new ProgressSeen(row.SeenAt, row.Views, row.ETag.ToString());
                }
                else if (key.StartsWith(RowKeys.AwaitingScoring, StringComparison.Ordinal))
                {
                    awaiting.Add(key[RowKeys.AwaitingScoring.Length..]);
                }
                else if (key.StartsWith(RowKeys.Alert, StringComparison.Ordinal))
                {
                    var row = PracticeTables.Read<AlertRow>(entity);
                    alerts.Add(new AlertRecord(
                        clientId, key[RowKeys.Alert.Length..], Enum.Parse<FindingKind>(row.Kind), Enum.Parse<AlertUrgency>(row.Urgency), row.InstrumentId, row.Description, row.ResponseId, row.RaisedAt,
                        row.EmailedAt, row.AcknowledgedAt, row.AcknowledgedBy, row.EscalatedAt, row.ETag.ToString())
                    {
                        CheckIn = row.CheckIn,
                        CheckInAt = row.CheckInAt,
                        AcknowledgementNote = row.AcknowledgementNote,
                        ReviewedAt = row.ReviewedAt,
                        ReviewedBy = row.ReviewedBy,
                    });
                }
            }
        });
        return new ClientFile(profile, invitations, responses, scores, alerts) { AwaitingScoring = awaiting, ProgressSeen = seen };
    }

    public async Task<IReadOnlyList<AwaitingScoring>> ListAwaitingScoringAsync(DateTimeOffset submittedBefore, CancellationToken cancellationToken)
    {
        // Across every client's partition, by row key: a scan of the table, run by a timer every few minutes, never by a request.
        var filter = TableClient.CreateQueryFilter($"RowKey ge {RowKeys.AwaitingScoring} and RowKey lt {RowKeys.AwaitingScoring[..^1] + "}"} and SubmittedAt lt {submittedBefore}");
        var awaiting = new List<AwaitingScoring>();
        await PracticeTables.Guard(async () =>
        {
            await foreach (var entity in tables.Clients.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "Redrives", "NextRedriveAt"], cancellationToken: cancellationToken))
            {
                awaiting.Add(new AwaitingScoring(
                    new ScoreRequest(entity.PartitionKey, entity.RowKey[RowKeys.AwaitingScoring.Length..]),
                    entity.GetInt32("Redrives") ?? 0,
                    entity.GetDateTimeOffset("NextRedriveAt")));
            }
        });
        return awaiting;
    }

    public async Task NoteRedriveAsync(ScoreRequest request, int redrives, DateTimeOffset nextRedriveAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(request.ClientId, RowKeys.AwaitingScoring + request.ResponseId) { ["Redrives"] = redrives, ["NextRedriveAt"] = nextRedriveAt };
        try
        {
            await PracticeTables.Guard(() => tables.Clients.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // Scored meanwhile: its awaiting ended with the score.
        }
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

        return await tables.Transact(actions, cancellationToken);
    }

    public async Task<bool> UpdateAlertAsync(AlertRecord alert, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(alert.ClientId, RowKeys.Alert + alert.Key)
        {
            ["EmailedAt"] = alert.EmailedAt, ["AcknowledgedAt"] = alert.AcknowledgedAt, ["AcknowledgedBy"] = alert.AcknowledgedBy, ["EscalatedAt"] = alert.EscalatedAt,
            ["AcknowledgementNote"] = alert.AcknowledgementNote, ["ReviewedAt"] = alert.ReviewedAt, ["ReviewedBy"] = alert.ReviewedBy,
        };
        try
        {
            await PracticeTables.Guard(() => tables.Clients.UpdateEntityAsync(entity, new ETag(alert.Version ?? throw new ArgumentException("The alert must come from this store.", nameof(alert))), TableUpdateMode.Merge, cancellationToken));
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task RemoveInvitationAsync(Invitation invitation, CancellationToken cancellationToken)
    {
        try
        {
            await PracticeTables.Guard(() => tables.Clients.DeleteEntityAsync(invitation.ClientId, RowKeys.Invitation + invitation.TokenHash, ETag.All, cancellationToken));
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
                await PracticeTables.Guard(() => tables.Clients.UpdateEntityAsync(
                    new TableEntity(clientId, RowKeys.Invitation + invitation.TokenHash) { ["ExpiresAt"] = now }, new ETag(invitation.Version!), TableUpdateMode.Merge, cancellationToken));
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
            }
        }
    }

    public async Task ReassignClientAsync(ClientProfile client, string therapistId, CancellationToken cancellationToken)
    {
        // The summary is copied to the new caseload before the profile names it, and the old one
        // goes last: a failure half-way leaves a summary in each, and the same request finishes it.
        var summary = await PracticeTables.Find<TableEntity>(tables.Summaries, client.TherapistId, client.Id, cancellationToken);
        if (summary is not null)
        {
            var moved = new TableEntity(therapistId, client.Id);
            foreach (var (name, value) in summary.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")))
            {
                moved[name] = value;
            }

            await PracticeTables.Guard(() => tables.Summaries.UpsertEntityAsync(moved, TableUpdateMode.Replace, cancellationToken));
        }

        await PracticeTables.Guard(() => tables.Clients.UpdateEntityAsync(new TableEntity(client.Id, RowKeys.Profile) { ["TherapistId"] = therapistId }, ETag.All, TableUpdateMode.Merge, cancellationToken));
        if (summary is not null)
        {
            try
            {
                await PracticeTables.Guard(() => tables.Summaries.DeleteEntityAsync(client.TherapistId, client.Id, ETag.All, cancellationToken));
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
            }
        }
    }
}
