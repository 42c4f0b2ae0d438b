using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Tests.Cluster;

/// <summary>One node's path to the shared store; after <see cref="Crash"/> every call fails, as for a node that died or lost its network.</summary>
public sealed class CrashableClusterStore(IClusterStore inner) : IClusterStore
{
    private volatile bool _crashed;

    public void Crash() => _crashed = true;

    public Task UpsertMembershipAsync(MembershipRecord record, CancellationToken cancellationToken = default) =>
        Guard() ?? inner.UpsertMembershipAsync(record, cancellationToken);

    public Task<IReadOnlyList<MembershipRecord>> ListMembersAsync(DateTimeOffset? now, CancellationToken cancellationToken = default) =>
        Guard<IReadOnlyList<MembershipRecord>>() ?? inner.ListMembersAsync(now, cancellationToken);

    public Task<int> PruneMembersAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default) =>
        Guard<int>() ?? inner.PruneMembersAsync(expiredBefore, cancellationToken);

    public Task<ClusterMetadata?> GetClusterMetadataAsync(CancellationToken cancellationToken = default) =>
        Guard<ClusterMetadata?>() ?? inner.GetClusterMetadataAsync(cancellationToken);

    public Task<ClusterMetadata> InitializeClusterMetadataAsync(ClusterMetadata proposed, CancellationToken cancellationToken = default) =>
        Guard<ClusterMetadata>() ?? inner.InitializeClusterMetadataAsync(proposed, cancellationToken);

    public Task<IReadOnlyList<SigningKeyRecord>> ListSigningKeysAsync(string purpose, CancellationToken cancellationToken = default) =>
        Guard<IReadOnlyList<SigningKeyRecord>>() ?? inner.ListSigningKeysAsync(purpose, cancellationToken);

    public Task<SigningKeyRecord> AddSigningKeyAsync(SigningKeyRecord proposed, CancellationToken cancellationToken = default) =>
        Guard<SigningKeyRecord>() ?? inner.AddSigningKeyAsync(proposed, cancellationToken);

    private Task? Guard() => _crashed ? Task.FromException(new InvalidOperationException("node crashed")) : null;

    private Task<T>? Guard<T>() => _crashed ? Task.FromException<T>(new InvalidOperationException("node crashed")) : null;
}
