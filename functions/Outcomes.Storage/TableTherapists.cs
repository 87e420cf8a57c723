using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Outcomes.Practice;

namespace Outcomes.Storage;

/// <summary>The clinic's therapists in the <c>Therapists</c> table (docs/storage.md): one partition, one row each.</summary>
public sealed class TableTherapists(PracticeTables tables) : ITherapists
{
    public Task AddTherapistAsync(Therapist therapist, CancellationToken cancellationToken) =>
        PracticeTables.Guard(() => tables.Therapists.AddEntityAsync(
            new TherapistRow
            {
                PartitionKey = PracticeTables.TherapistPartition, RowKey = therapist.Id, Name = therapist.Name, Email = therapist.Email, TimeZone = therapist.TimeZone, EnrolledAt = therapist.EnrolledAt,
                DigestDay = therapist.DigestDay.ToString(), DigestHour = therapist.DigestHour, ProgressEmails = therapist.ProgressEmails.ToString(),
            },
            cancellationToken));

    public async Task<Therapist?> FindTherapistAsync(string therapistId, CancellationToken cancellationToken)
    {
        var row = await PracticeTables.Find<TherapistRow>(tables.Therapists, PracticeTables.TherapistPartition, therapistId, cancellationToken);
        return row is null ? null : PracticeTables.ToTherapist(row);
    }

    public async Task<IReadOnlyList<Therapist>> ListTherapistsAsync(CancellationToken cancellationToken)
    {
        var therapists = new List<Therapist>();
        await PracticeTables.Guard(async () =>
        {
            await foreach (var row in tables.Therapists.QueryAsync<TherapistRow>(e => e.PartitionKey == PracticeTables.TherapistPartition, cancellationToken: cancellationToken))
            {
                therapists.Add(PracticeTables.ToTherapist(row));
            }
        });
        return therapists;
    }

    public Task ChangeDigestAsync(string therapistId, DayOfWeek digestDay, int digestHour, ProgressEmails progressEmails, CancellationToken cancellationToken) =>
        PracticeTables.Guard(() => tables.Therapists.UpdateEntityAsync(
            new TableEntity(PracticeTables.TherapistPartition, therapistId) { ["DigestDay"] = digestDay.ToString(), ["DigestHour"] = digestHour, ["ProgressEmails"] = progressEmails.ToString() },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken));

    public Task RecordDigestSentAsync(string therapistId, DateOnly slot, CancellationToken cancellationToken) =>
        PracticeTables.Guard(() => tables.Therapists.UpdateEntityAsync(
            new TableEntity(PracticeTables.TherapistPartition, therapistId) { ["LastDigestFor"] = slot.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken));
}
