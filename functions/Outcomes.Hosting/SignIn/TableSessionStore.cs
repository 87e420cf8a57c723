using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Outcomes.Api.Portal;
using Outcomes.Storage;

namespace Outcomes.Hosting.SignIn;

/// <summary>
/// Portal sessions kept by the server, in the <c>Keys</c> table that every instance reads: the
/// cookie holds only the session's name, so signing out (which removes the record) ends the
/// session for every copy of the cookie, and an admin can end all of a person's sessions. The
/// ticket is encrypted with Data Protection before it is stored. One partition per person (a hash
/// of their email address, never the address), one row per session.
/// </summary>
public sealed class TableSessionStore(TableServiceClient service, IDataProtectionProvider protection, TimeProvider time) : ITicketStore, IPortalSessions
{
    private const string PartitionPrefix = "session|";

    private readonly TableClient _table = service.GetTableClient(TableLinkKey.Table);
    private readonly IDataProtector _protector = protection.CreateProtector("Outcomes.PortalSession");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = $"{Person(ticket)}.{Guid.NewGuid():N}";
        await RenewAsync(key, ticket);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        if (Split(key) is not var (partition, row))
        {
            return;
        }

        var entity = new TableEntity(partition, row)
        {
            ["Ticket"] = _protector.Protect(TicketSerializer.Default.Serialize(ticket)),
            ["ExpiresAt"] = ticket.Properties.ExpiresUtc,
        };
        await StorageFailures.Guard(() => _table.UpsertEntityAsync(entity, TableUpdateMode.Replace), "Table");
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (Split(key) is not var (partition, row))
        {
            return null;
        }

        NullableResponse<TableEntity>? found = null;
        await StorageFailures.Guard(async () => found = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row), "Table");
        if (found is not { HasValue: true } || found.Value!.GetBinary("Ticket") is not { } stored)
        {
            return null; // signed out, ended by an admin, or never here: the cookie opens nothing
        }

        if (found.Value.GetDateTimeOffset("ExpiresAt") is { } expires && expires <= time.GetUtcNow())
        {
            await RemoveAsync(key);
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(stored));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public async Task RemoveAsync(string key)
    {
        if (Split(key) is var (partition, row))
        {
            await Gone(() => _table.DeleteEntityAsync(partition, row, ETag.All));
        }
    }

    public async Task<int> EndAllAsync(string email, CancellationToken cancellationToken)
    {
        var partition = PartitionPrefix + Hash(email);
        var rows = new List<TableEntity>();
        await StorageFailures.Guard(
            async () =>
            {
                rows.Clear();
                await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
                {
                    rows.Add(e);
                }
            },
            "Table");
        foreach (var e in rows)
        {
            await Gone(() => _table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken));
        }

        return rows.Count;
    }

    private static string Person(AuthenticationTicket ticket) =>
        Hash(PortalUser.From(ticket.Principal)?.Email ?? ticket.Principal.FindFirst(PortalIdentity.EmailClaim)?.Value ?? "");

    private static string Hash(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))[..32];

    /// <summary>The session's partition and row from its name ("{person}.{id}"); null for anything else a cookie might hold.</summary>
    private static (string Partition, string Row)? Split(string key) =>
        key.Split('.') is [{ Length: 32 } person, { Length: 32 } id] && person.All(char.IsAsciiHexDigitLower) && id.All(char.IsAsciiHexDigit)
            ? (PartitionPrefix + person, id)
            : null;

    private static Task Gone(Func<Task> delete) =>
        StorageFailures.Guard(
            async () =>
            {
                try
                {
                    await delete();
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                }
            },
            "Table");
}
