using Outcomes.Clinical.Instruments;

namespace Outcomes.Practice.Data;

/// <summary>A client and their check-ins, for the health record.</summary>
public sealed record ClientCheckIns(ClientProfile Client, IReadOnlyList<CheckInRecord> CheckIns);

/// <summary>Reads what goes to the health record (FHIR): one client's check-ins, or the whole practice's; each export audited.</summary>
public sealed class HealthRecordExport(IClientRecords clientRecords, IAuditLog audit, InstrumentCatalog instruments, TimeProvider time)
{
    public async Task<ClientCheckIns> ReadAsync(string clientId, string actor, CancellationToken cancellationToken)
    {
        var file = PracticeAdministration.IsId(clientId) ? await clientRecords.ReadClientFileAsync(clientId, cancellationToken) : null;
        var client = file?.Profile ?? throw new NotFoundException($"No client '{clientId}'.");
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), actor, AuditActions.ClientExportedToFhir, client.Id, "FHIR R4 bundle of the client's check-ins"), cancellationToken);
        return new ClientCheckIns(client, CheckInRecord.Of(file, instruments));
    }

    /// <summary>Every client, one at a time (the practice's bulk export streams them).</summary>
    public async IAsyncEnumerable<ClientCheckIns> ReadAllAsync(string actor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clients = await clientRecords.ListClientsAsync(cancellationToken);
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), actor, AuditActions.PracticeExported, null, $"FHIR R4 bulk export of {clients.Count} clients"), cancellationToken);
        foreach (var client in clients.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var file = await clientRecords.ReadClientFileAsync(client.Id, cancellationToken);
            if (file.Profile is not null)
            {
                yield return new ClientCheckIns(file.Profile, CheckInRecord.Of(file, instruments));
            }
        }
    }
}
