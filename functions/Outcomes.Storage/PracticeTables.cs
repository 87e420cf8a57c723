using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Outcomes.Practice;

namespace Outcomes.Storage;

/// <summary>
/// The practice's three tables and what their adapters share: the clients, the rows' mapping, a
/// transaction in a client's partition, point reads. Tables and keys are described in docs/storage.md;
/// every storage failure surfaces as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class PracticeTables(TableServiceClient service, TimeProvider? time = null)
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
    internal const string TherapistPartition = "therapist";

    // In a therapist's Summaries partition, the row that claims a warning email while it is sent (client ids are 32 hex digits).
    internal const string WarningClaim = "~warnings";

    // In a therapist's Summaries partition, the rows that reserve the display codes of their clients.
    internal const string DisplayCodePrefix = "~code|";

    internal DateTimeOffset Now => (time ?? TimeProvider.System).GetUtcNow();
    internal const int MaxSeries = 104;
    internal const int KeptInvitations = 8;

    internal readonly TableClient Therapists = service.GetTableClient(TherapistsTable);
    internal readonly TableClient Clients = service.GetTableClient(ClientsTable);
    internal readonly TableClient Summaries = service.GetTableClient(SummariesTable);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { Therapists, Clients, Summaries })
        {
            await Guard(() => table.CreateIfNotExistsAsync(cancellationToken));
        }
    }

    /// <summary>A client's profile (one point read): client records read it, and so do caseloads, to judge a display code's reservation.</summary>
    internal async Task<ClientProfile?> FindClientAsync(string clientId, CancellationToken cancellationToken)
    {
        var row = await Find<ProfileRow>(Clients, clientId, RowKeys.Profile, cancellationToken);
        return row is null ? null : ToProfile(row);
    }

    // A display code's reservation row in the therapist's Summaries partition: case-insensitive, hex so that any code is a valid key.
    internal static string DisplayCodeKey(string displayCode) =>
        DisplayCodePrefix + Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(displayCode.Trim().ToUpperInvariant()));

    internal static async Task<T?> Find<T>(TableClient table, string partition, string row, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        NullableResponse<T>? found = null;
        await Guard(async () => found = await table.GetEntityIfExistsAsync<T>(partition, row, cancellationToken: cancellationToken));
        return found is { HasValue: true } ? found.Value : null;
    }

    internal async Task<bool> Transact(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await Clients.SubmitTransactionAsync(actions, cancellationToken);
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

    internal static Task Guard(Func<Task> operation) => StorageFailures.Guard(operation, "Table");

    internal static T Read<T>(TableEntity entity)
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

    internal static Therapist ToTherapist(TherapistRow row) =>
        new(row.RowKey, row.Name, row.Email, row.TimeZone, row.EnrolledAt,
            Enum.TryParse<DayOfWeek>(row.DigestDay, out var day) ? day : DayOfWeek.Monday,
            row.DigestHour ?? 8,
            DateOnly.TryParseExact(row.LastDigestFor, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last) ? last : null,
            Enum.TryParse<ProgressEmails>(row.ProgressEmails, out var progress) ? progress : ProgressEmails.Hourly);

    internal static ClientProfile ToProfile(ProfileRow row) =>
        new(row.PartitionKey, row.TherapistId, row.DisplayCode, row.Email, row.Instruments.Split(',', StringSplitOptions.RemoveEmptyEntries), row.CadenceDays, row.TimeZone, row.EnrolledAt,
            Enum.TryParse<ClientStatus>(row.Status, out var status) ? status : ClientStatus.Active)
        {
            // A merge cannot remove a property: a discharge time left from before a client came back means nothing.
            DischargedAt = status == ClientStatus.Discharged ? row.DischargedAt : null,
            ShareProgress = Enum.TryParse<ProgressSharing>(row.ShareProgress, out var sharing) ? sharing : null,
        };

    internal static InvitationRow ToRow(Invitation invitation) => new()
    {
        PartitionKey = invitation.ClientId, RowKey = RowKeys.Invitation + invitation.TokenHash, TherapistId = invitation.TherapistId,
        Instruments = string.Join(',', invitation.Instruments), IssuedAt = invitation.IssuedAt, ExpiresAt = invitation.ExpiresAt,
        UsedAt = invitation.UsedAt, ResponseId = invitation.ResponseId, RiskAnswer = invitation.RiskAnswer,
    };

    internal static Invitation ToInvitation(InvitationRow row) =>
        new(row.PartitionKey, row.TherapistId, row.RowKey[RowKeys.Invitation.Length..], row.Instruments.Split(',', StringSplitOptions.RemoveEmptyEntries),
            row.IssuedAt, row.ExpiresAt, row.UsedAt, row.ResponseId, row.ETag.ToString(), row.RiskAnswer);
}
