using System.Text;
using System.Xml.Linq;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>
/// Keeps the console's data-protection keys (which sign cookies and antiforgery tokens) in the
/// cluster's store, as <c>signing_keys</c> rows of purpose <see cref="Purpose"/>, instead of a
/// home directory: every console node reads the same keys, so a sign-in holds on any node and
/// across restarts, and nothing secret lands in a container's file system. The key XML is stored
/// as ASP.NET Core writes it, protected as the store is (as the task-token keys are).
/// </summary>
internal sealed class StoreKeyRepository(IClusterStore store, TimeProvider time) : IXmlRepository
{
    public const string Purpose = "data-protection";

    // IXmlRepository is synchronous; the key manager calls it rarely (start, then about daily).
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ListSigningKeysAsync(Purpose).GetAwaiter().GetResult().Select(k => XElement.Parse(Encoding.UTF8.GetString(k.Secret)))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var xml = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        // Key ids are taken in order; a node that loses the race for one takes the next.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var keys = store.ListSigningKeysAsync(Purpose).GetAwaiter().GetResult();
            var next = keys.Count == 0 ? 1 : keys.Max(k => k.KeyId) + 1;
            var stored = store.AddSigningKeyAsync(new SigningKeyRecord(Purpose, next, xml, time.GetUtcNow())).GetAwaiter().GetResult();
            if (stored.Secret.AsSpan().SequenceEqual(xml))
            {
                return;
            }
        }
        throw new InvalidOperationException("Could not store a data-protection key: other nodes kept taking the next key id.");
    }
}
