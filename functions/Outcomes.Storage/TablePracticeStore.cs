using System.Net;
using Azure;
using Azure.Data.Tables;
using Outcomes.Core.Practice;

namespace Outcomes.Storage;

/// <summary>
/// The practice's records in Azure Table Storage. Tables and keys are described in docs/storage.md.
/// Every storage failure surfaces as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class TablePracticeStore(TableServiceClient service) : IPracticeStore
{
    public const string TherapistsTable = "Therapists";
    public const string ClientsTable = "Clients";
    public const string SummariesTable = "Summaries";
    private const string TherapistPartition = "therapist";

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
            new TherapistRow { PartitionKey = TherapistPartition, RowKey = therapist.Id, Name = therapist.Name, Email = therapist.Email, TimeZone = therapist.TimeZone, EnrolledAt = therapist.EnrolledAt },
            cancellationToken));

    public async Task<Therapist?> FindTherapistAsync(string therapistId, CancellationToken cancellationToken)
    {
        var row = await Find<TherapistRow>(_therapists, TherapistPartition, therapistId, cancellationToken);
        return row is null ? null : new Therapist(row.RowKey, row.Name, row.Email, row.TimeZone, row.EnrolledAt);
    }

    public async Task AddClientAsync(ClientProfile client, CancellationToken cancellationToken)
    {
        await Guard(() => _clients.AddEntityAsync(
            new ProfileRow
            {
                PartitionKey = client.Id, RowKey = RowKeys.Profile, TherapistId = client.TherapistId, DisplayCode = client.DisplayCode, Email = client.Email,
                Instruments = string.Join(',', client.Instruments), CadenceDays = client.CadenceDays, TimeZone = client.TimeZone, EnrolledAt = client.EnrolledAt,
            },
            cancellationToken));
        await Guard(() => _summaries.UpsertEntityAsync(
            new SummaryRow { PartitionKey = client.TherapistId, RowKey = client.Id, DisplayCode = client.DisplayCode, Responses = 0, OpenWarnings = 0 },
            TableUpdateMode.Merge,
            cancellationToken));
    }

    public async Task<ClientProfile?> FindClientAsync(string clientId, CancellationToken cancellationToken)
    {
        var row = await Find<ProfileRow>(_clients, clientId, RowKeys.Profile, cancellationToken);
        return row is null ? null : ToProfile(row);
    }

    public Task SetClientStatusAsync(string clientId, ClientStatus status, CancellationToken cancellationToken) =>
        Guard(() => _clients.UpdateEntityAsync(new TableEntity(clientId, RowKeys.Profile) { ["Status"] = status.ToString() }, ETag.All, TableUpdateMode.Merge, cancellationToken));

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
                else if (key.StartsWith(RowKeys.Alert, StringComparison.Ordinal))
                {
                    var row = Read<AlertRow>(entity);
                    alerts.Add(new AlertRecord(clientId, key[RowKeys.Alert.Length..], row.Kind, row.Urgency, row.InstrumentId, row.Description, row.ResponseId, row.RaisedAt));
                }
            }
        });
        return new ClientFile(profile, invitations, responses, scores, alerts);
    }

    public async Task<bool> RecordScoringAsync(ScoreRecord score, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new ScoreRow { PartitionKey = score.ClientId, RowKey = RowKeys.Score + score.ResponseId, ScoredAt = score.ScoredAt, Scores = StoredJson.Scores(score.Scores) }),
        };
        actions.AddRange(alerts.Select(a => new TableTransactionAction(TableTransactionActionType.Add, new AlertRow
        {
            PartitionKey = a.ClientId, RowKey = RowKeys.Alert + a.Key, Kind = a.Kind, Urgency = a.Urgency, InstrumentId = a.InstrumentId,
            Description = a.Description, ResponseId = a.ResponseId, RaisedAt = a.RaisedAt,
        })));
        return await Transact(actions, cancellationToken);
    }

    public Task UpsertSummaryAsync(ClientSummary summary, CancellationToken cancellationToken) =>
        Guard(() => _summaries.UpsertEntityAsync(
            new SummaryRow
            {
                PartitionKey = summary.TherapistId, RowKey = summary.ClientId, DisplayCode = string.IsNullOrEmpty(summary.DisplayCode) ? null : summary.DisplayCode,
                LastResponseAt = summary.LastResponseAt, Responses = summary.Responses, Headline = summary.Headline, Instruments = StoredJson.Of(summary.Instruments),
                OpenWarnings = summary.OpenWarnings, OpennessTrend = summary.OpennessTrend,
            },
            TableUpdateMode.Merge,
            cancellationToken));

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

    private static ClientProfile ToProfile(ProfileRow row) =>
        new(row.PartitionKey, row.TherapistId, row.DisplayCode, row.Email, row.Instruments.Split(',', StringSplitOptions.RemoveEmptyEntries), row.CadenceDays, row.TimeZone, row.EnrolledAt,
            Enum.TryParse<ClientStatus>(row.Status, out var status) ? status : ClientStatus.Active);

    private static InvitationRow ToRow(Invitation invitation) => new()
    {
        PartitionKey = invitation.ClientId, RowKey = RowKeys.Invitation + invitation.TokenHash, TherapistId = invitation.TherapistId,
        Instruments = string.Join(',', invitation.Instruments), IssuedAt = invitation.IssuedAt, ExpiresAt = invitation.ExpiresAt,
        UsedAt = invitation.UsedAt, ResponseId = invitation.ResponseId,
    };

    private static Invitation ToInvitation(InvitationRow row) =>
        new(row.PartitionKey, row.TherapistId, row.RowKey[RowKeys.Invitation.Length..], row.Instruments.Split(',', StringSplitOptions.RemoveEmptyEntries),
            row.IssuedAt, row.ExpiresAt, row.UsedAt, row.ResponseId, row.ETag.ToString());
}
