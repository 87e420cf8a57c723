using Microsoft.Extensions.Logging;

namespace Outcomes.Practice.Data;

/// <summary>
/// Erasure on request (an admin) and by retention (clients discharged longer ago than the clinic
/// keeps records). The audit log keeps that an erasure happened, by whom and when, under a
/// reference of its own — never the client's id, display code or address.
/// </summary>
public sealed class ClientErasure(IClientRecords clientRecords, IPersonalData personalData, Email.IOutbox outbox, IAuditLog audit, PracticeSettings settings, TimeProvider time, ILogger<ClientErasure> logger)
{
    /// <summary>Erases the client; returns the erasure's reference (as the audit log names it).</summary>
    public async Task<string> EraseAsync(string clientId, string actor, CancellationToken cancellationToken)
    {
        var client = (PracticeAdministration.IsId(clientId) ? await clientRecords.FindClientAsync(clientId, cancellationToken) : null)
            ?? throw new NotFoundException($"No client '{clientId}'.");
        return await EraseAsync(client, actor, cancellationToken);
    }

    /// <summary>
    /// The daily retention run: sent emails keep their words <see cref="PracticeSettings.KeepEmailBodiesFor"/>,
    /// then only their metadata; and every client discharged more than
    /// <see cref="PracticeSettings.RetainDischargedFor"/> ago is erased (none when unset).
    /// </summary>
    public async Task<int> EraseDischargedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var forgotten = await outbox.ForgetBodiesAsync(now - settings.KeepEmailBodiesFor, cancellationToken);
        logger.LogInformation("Retention: {Count} sent emails now keep their metadata only", forgotten);
        if (settings.RetainDischargedFor is not { } retain)
        {
            return 0;
        }

        var due = (await clientRecords.ListClientsAsync(cancellationToken))
            .Where(c => c.Status == ClientStatus.Discharged && c.DischargedAt is { } at && at <= now - retain)
            .ToList();
        var erased = 0;
        await EachItem.RunAsync(
            due,
            client => $"client {client.Id}",
            async client =>
            {
                await EraseAsync(client, Actors.Retention, cancellationToken);
                erased++;
            },
            logger,
            "retention",
            cancellationToken);
        logger.LogInformation("Retention: erased {Count} clients discharged more than {Days} days ago", erased, retain.TotalDays);
        return erased;
    }

    private async Task<string> EraseAsync(ClientProfile client, string actor, CancellationToken cancellationToken)
    {
        var reference = Guid.NewGuid().ToString("N")[..12];
        var erased = await personalData.EraseAsync(client, cancellationToken);
        await audit.AppendAsync(
            new AuditEntry(
                time.GetUtcNow(),
                actor,
                AuditActions.ClientErased,
                null,
                $"erasure {reference}: {erased.Rows} records, {erased.Emails} emails and {erased.QueueMessages} queue messages removed; {erased.RedactedEmails} therapist emails redacted"),
            cancellationToken);
        logger.LogInformation(
            "Erasure {Reference} by {Actor}: {Rows} records, {Emails} emails, {Messages} queue messages removed, {Redacted} emails redacted",
            reference, actor, erased.Rows, erased.Emails, erased.QueueMessages, erased.RedactedEmails);
        return reference;
    }
}
