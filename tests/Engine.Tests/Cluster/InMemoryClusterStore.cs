using System.Collections.Concurrent;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Tests.Cluster;

/// <summary>
/// The cluster store's membership semantics (upsert own row, list rows with expiry after now,
/// prune) in a dictionary, recording every upsert and able to fail on demand: lets membership
/// tests run on fake time without a database.
/// </summary>
public sealed class InMemoryClusterStore : IClusterStore
{
    private readonly ConcurrentDictionary<string, MembershipRecord> _rows = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<MembershipRecord> _upserts = new();
    private int _failuresToInject;

    public IReadOnlyCollection<MembershipRecord> Upserts => _upserts;

    public int PruneCalls { get; private set; }

    /// <summary>The next <paramref name="count"/> upserts throw, as a lost connection would.</summary>
    public void FailNextUpserts(int count) => Volatile.Write(ref _failuresToInject, count);

    public Task UpsertMembershipAsync(MembershipRecord record, CancellationToken cancellationToken = default)
    {
        for (var left = Volatile.Read(ref _failuresToInject); left > 0; left = Volatile.Read(ref _failuresToInject))
        {
            if (Interlocked.CompareExchange(ref _failuresToInject, left - 1, left) == left)
            {
                throw new InvalidOperationException("injected: connection refused");
            }
        }
        _rows[record.HostId] = record;
        _upserts.Enqueue(record);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MembershipRecord>> ListMembersAsync(DateTimeOffset? now, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MembershipRecord>>(
            [.. _rows.Values.Where(r => now is null || r.RecordExpiry > now).OrderBy(r => r.HostId, StringComparer.Ordinal)]);

    public Task<int> PruneMembersAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        PruneCalls++;
        var pruned = 0;
        foreach (var row in _rows.Values.Where(r => r.RecordExpiry < expiredBefore))
        {
            pruned += _rows.TryRemove(row.HostId, out _) ? 1 : 0;
        }
        return Task.FromResult(pruned);
    }

    public Task<ClusterMetadata?> GetClusterMetadataAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<ClusterMetadata?>(null);

    public Task<ClusterMetadata> InitializeClusterMetadataAsync(ClusterMetadata proposed, CancellationToken cancellationToken = default) =>
        Task.FromResult(proposed);

    public Task<IReadOnlyList<SigningKeyRecord>> ListSigningKeysAsync(string purpose, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SigningKeyRecord>>([.. _keys.Values.Where(k => k.Purpose == purpose).OrderBy(k => k.KeyId)]);

    public Task<SigningKeyRecord> AddSigningKeyAsync(SigningKeyRecord proposed, CancellationToken cancellationToken = default) =>
        Task.FromResult(_keys.GetOrAdd((proposed.Purpose, proposed.KeyId), proposed));

    private readonly ConcurrentDictionary<(string, int), SigningKeyRecord> _keys = new();
}
