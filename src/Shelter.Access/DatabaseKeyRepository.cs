using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Shelter.Access;

/// <summary>Data Protection's key ring in the access store, so a cookie one node made is read by every node of the cluster.</summary>
public sealed class DatabaseKeyRepository(AccessStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. store.Keys().Select(k => XElement.Parse(k.Xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        store.StoreKey(string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("n") : friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
