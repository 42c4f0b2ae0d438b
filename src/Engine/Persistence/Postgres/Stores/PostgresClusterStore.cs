using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>Membership heartbeats (each host writes only its own row) and the first-writer-wins cluster metadata.</summary>
internal sealed class PostgresClusterStore(PostgresExecutor executor) : IClusterStore
{
    public Task UpsertMembershipAsync(MembershipRecord record, CancellationToken cancellationToken = default)
    {
        TransactionBudget.CheckKey("cluster_membership", "host_id", record.HostId);
        return executor.RunAsync(new PersistenceOperation("UpsertMembership", "cluster_membership", null, $"membership:{record.HostId}"),
            (s, ct) => s.ExecuteAsync(PostgresStatements.UpsertMembership, ct, Text(record.HostId), Text(record.RpcAddress), Text(record.Role),
                Time(record.SessionStart), Time(record.LastHeartbeat), Time(record.RecordExpiry)), cancellationToken);
    }

    public async Task<IReadOnlyList<MembershipRecord>> ListMembersAsync(DateTimeOffset? now, CancellationToken cancellationToken = default) =>
        await executor.RunAsync(new PersistenceOperation("ListMembers", "cluster_membership", null, "membership"), (s, ct) => now is { } at
            ? s.QueryAsync(PostgresStatements.SelectLiveMembers, PostgresRows.Member, ct, Time(at))
            : s.QueryAsync(PostgresStatements.SelectAllMembers, PostgresRows.Member, ct), cancellationToken).ConfigureAwait(false);

    public async Task<int> PruneMembersAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var deleted = await executor.RunAsync(new PersistenceOperation("PruneMembers", "cluster_membership", null, "membership"),
                (s, ct) => s.ExecuteAsync(PostgresStatements.DeleteExpiredMembersChunk, ct, Time(expiredBefore), Int(PostgresHistoryStore.DeleteChunk)),
                cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < PostgresHistoryStore.DeleteChunk)
            {
                return total;
            }
        }
    }

    public Task<ClusterMetadata?> GetClusterMetadataAsync(CancellationToken cancellationToken = default) =>
        executor.RunAsync(new PersistenceOperation("GetClusterMetadata", "cluster_metadata", null, "cluster_metadata"),
            (s, ct) => s.QuerySingleAsync(PostgresStatements.SelectClusterMetadata, PostgresRows.ClusterMetadata, ct), cancellationToken);

    public Task<ClusterMetadata> InitializeClusterMetadataAsync(ClusterMetadata proposed, CancellationToken cancellationToken = default) =>
        executor.RunAsync(new PersistenceOperation("InitializeClusterMetadata", "cluster_metadata", null, "cluster_metadata"), async (s, ct) =>
        {
            // Insert-if-absent and read back in one round trip; a concurrent loser conflicts (40001),
            // retries and reads the winner's row.
            await using var batch = s.CreateBatch();
            batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.InsertClusterMetadataIfAbsent,
                Text(proposed.ClusterName), Int(proposed.HistoryShardCount), Time(proposed.CreatedAt), Bytes(proposed.Data)));
            batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectClusterMetadata));
            PostgresSession.AddCommit(batch);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new PostgresRowSets(reader);
            var stored = await rows.ReadRowAsync(PostgresRows.ClusterMetadata, ct).ConfigureAwait(false);
            await rows.DrainAsync(ct).ConfigureAwait(false);
            s.MarkCommitted();
            return stored ?? throw new InvalidOperationException("Cluster metadata was inserted but could not be read back.");
        }, cancellationToken);

    public async Task<IReadOnlyList<SigningKeyRecord>> ListSigningKeysAsync(string purpose, CancellationToken cancellationToken = default) =>
        await executor.RunAsync(new PersistenceOperation("ListSigningKeys", "signing_keys", null, purpose),
            (s, ct) => s.QueryAsync(PostgresStatements.SelectSigningKeys, PostgresRows.SigningKey, ct, Text(purpose)), cancellationToken).ConfigureAwait(false);

    public Task<SigningKeyRecord> AddSigningKeyAsync(SigningKeyRecord proposed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        TransactionBudget.CheckKey("signing_keys", "purpose", proposed.Purpose);
        return executor.RunAsync(new PersistenceOperation("AddSigningKey", "signing_keys", null, proposed.Purpose), async (s, ct) =>
        {
            // Insert-if-absent and read back in one round trip, as for the cluster metadata.
            await using var batch = s.CreateBatch();
            batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.InsertSigningKeyIfAbsent,
                Text(proposed.Purpose), Int(proposed.KeyId), Bytes(proposed.Secret), Time(proposed.CreatedAt)));
            batch.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectSigningKey, Text(proposed.Purpose), Int(proposed.KeyId)));
            PostgresSession.AddCommit(batch);
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new PostgresRowSets(reader);
            var stored = await rows.ReadRowAsync(PostgresRows.SigningKey, ct).ConfigureAwait(false);
            await rows.DrainAsync(ct).ConfigureAwait(false);
            s.MarkCommitted();
            return stored ?? throw new InvalidOperationException("A signing key was inserted but could not be read back.");
        }, cancellationToken);
    }
}
