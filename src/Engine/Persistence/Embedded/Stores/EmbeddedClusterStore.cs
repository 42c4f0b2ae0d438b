using Fencepost.Engine.Persistence.Embedded.Keys;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

internal sealed class EmbeddedClusterStore(EmbeddedTransactions transactions) : IClusterStore
{
    private const int MetadataKey = 0;

    private EmbeddedTables Tables => transactions.Tables;

    public async Task UpsertMembershipAsync(MembershipRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        TransactionBudget.CheckKey(EmbeddedTables.MembershipName, "host_id", record.HostId);
        var stored = StoredValues.Of(record);
        await transactions.ExecuteAsync(
            new PersistenceOperation("UpsertMembership", EmbeddedTables.MembershipName, null, $"membership:{record.HostId}"),
            tx => tx.Upsert(Tables.Membership, new TextKey(stored.HostId), stored),
            cancellationToken);
    }

    public Task<IReadOnlyList<MembershipRecord>> ListMembersAsync(DateTimeOffset? now, CancellationToken cancellationToken = default) =>
        transactions.RunAsync<IReadOnlyList<MembershipRecord>>(
            new PersistenceOperation("ListMembers", EmbeddedTables.MembershipName, null, "cluster_membership"),
            tx => [.. tx.Scan(Tables.Membership, KeyRange.All<TextKey>())
                .Select(row => row.Value)
                .Where(member => now is not { } at || member.RecordExpiry > at)
                .Select(StoredValues.Of)],
            cancellationToken);

    public async Task<int> PruneMembersAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        var pruned = 0;
        while (true)
        {
            var chunk = await transactions.RunAsync(
                new PersistenceOperation("PruneMembers", EmbeddedTables.MembershipName, null, "cluster_membership"), tx =>
                {
                    var expired = tx.Scan(Tables.Membership, KeyRange.All<TextKey>())
                        .Where(row => row.Value.RecordExpiry < expiredBefore)
                        .Take(EmbeddedHistoryStore.DeleteChunk)
                        .ToList();
                    foreach (var row in expired)
                    {
                        tx.Delete(Tables.Membership, row.Key);
                    }
                    return expired.Count;
                }, cancellationToken).ConfigureAwait(false);
            pruned += chunk;
            if (chunk < EmbeddedHistoryStore.DeleteChunk)
            {
                return pruned;
            }
        }
    }

    public Task<ClusterMetadata?> GetClusterMetadataAsync(CancellationToken cancellationToken = default) =>
        transactions.RunAsync(MetadataOperation("GetClusterMetadata"),
            tx => tx.Get(Tables.ClusterMetadata, MetadataKey) is { } metadata ? StoredValues.Of(metadata) : null,
            cancellationToken);

    public async Task<ClusterMetadata> InitializeClusterMetadataAsync(ClusterMetadata proposed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var stored = StoredValues.Of(proposed);
        return await transactions.RunAsync(MetadataOperation("InitializeClusterMetadata"), tx =>
        {
            if (tx.Get(Tables.ClusterMetadata, MetadataKey) is { } existing)
            {
                return StoredValues.Of(existing);
            }
            // A concurrent initializer's insert makes this commit conflict; the retry then returns its row.
            tx.TryInsert(Tables.ClusterMetadata, MetadataKey, stored);
            return StoredValues.Of(stored);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<SigningKeyRecord>> ListSigningKeysAsync(string purpose, CancellationToken cancellationToken = default) =>
        transactions.RunAsync<IReadOnlyList<SigningKeyRecord>>(
            new PersistenceOperation("ListSigningKeys", EmbeddedTables.SigningKeysName, null, purpose),
            tx => [.. tx.Scan(Tables.SigningKeys, KeyRange.All<TextKey>())
                .Select(row => row.Value)
                .Where(key => key.Purpose == purpose)
                .OrderBy(key => key.KeyId)
                .Select(StoredValues.Of)],
            cancellationToken);

    public async Task<SigningKeyRecord> AddSigningKeyAsync(SigningKeyRecord proposed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        TransactionBudget.CheckKey(EmbeddedTables.SigningKeysName, "purpose", proposed.Purpose);
        var stored = StoredValues.Of(proposed);
        var key = new TextKey($"{proposed.Purpose}/{proposed.KeyId:D10}");
        return await transactions.RunAsync(new PersistenceOperation("AddSigningKey", EmbeddedTables.SigningKeysName, null, proposed.Purpose), tx =>
        {
            if (tx.Get(Tables.SigningKeys, key) is { } existing)
            {
                return StoredValues.Of(existing);
            }
            // A concurrent adder's insert makes this commit conflict; the retry then returns its row.
            tx.TryInsert(Tables.SigningKeys, key, stored);
            return StoredValues.Of(stored);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static PersistenceOperation MetadataOperation(string name) =>
        new(name, EmbeddedTables.ClusterMetadataName, null, "cluster_metadata");
}
