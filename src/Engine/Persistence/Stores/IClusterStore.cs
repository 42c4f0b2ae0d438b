using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>Cluster membership heartbeats, the cluster's fixed metadata and its secret keys.</summary>
public interface IClusterStore
{
    /// <summary>Inserts or replaces the caller's own row; a host never writes another host's row.</summary>
    Task UpsertMembershipAsync(MembershipRecord record, CancellationToken cancellationToken = default);

    /// <summary>Rows whose record_expiry is after <paramref name="now"/> (all rows when null).</summary>
    Task<IReadOnlyList<MembershipRecord>> ListMembersAsync(DateTimeOffset? now, CancellationToken cancellationToken = default);

    /// <summary>Removes rows that expired before <paramref name="expiredBefore"/>; returns how many.</summary>
    Task<int> PruneMembersAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default);

    Task<ClusterMetadata?> GetClusterMetadataAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the metadata if absent and returns what is stored: the first creator's values win forever.</summary>
    Task<ClusterMetadata> InitializeClusterMetadataAsync(ClusterMetadata proposed, CancellationToken cancellationToken = default);

    /// <summary>The cluster's keys for <paramref name="purpose"/>, by key id.</summary>
    Task<IReadOnlyList<SigningKeyRecord>> ListSigningKeysAsync(string purpose, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="proposed"/> unless its purpose already has a key with its id, and returns
    /// the stored one: when nodes race to add the same key id, the first writer's secret wins for all.
    /// </summary>
    Task<SigningKeyRecord> AddSigningKeyAsync(SigningKeyRecord proposed, CancellationToken cancellationToken = default);
}
