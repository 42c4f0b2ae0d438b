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
}
