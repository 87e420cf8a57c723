using System.Xml.Linq;
using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Outcomes.Storage;

namespace Outcomes.Hosting.SignIn;

/// <summary>
/// The keys that encrypt portal sessions and antiforgery tokens, kept in the <c>Keys</c> table so
/// every instance reads the same ring (a session started on one instance is read on another).
/// Azure Storage encrypts the table at rest and only the app's managed identity can read it, as
/// with the link-signing key beside it. Each key is its own row, named by its id: two instances
/// that make a key at once add two rows, and the ring holds both.
/// </summary>
public sealed class TableKeyRing(TableServiceClient service) : IXmlRepository
{
    private const string Partition = "sign-in";

    private readonly TableClient _table = service.GetTableClient(TableLinkKey.Table);

    public IReadOnlyCollection<XElement> GetAllElements() =>
        _table.Query<TableEntity>(e => e.PartitionKey == Partition)
            .Select(e => XElement.Parse(e.GetString("Xml")))
            .ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        _table.AddEntity(new TableEntity(Partition, friendlyName) { ["Xml"] = element.ToString(SaveOptions.DisableFormatting) });
}
