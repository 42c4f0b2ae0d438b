using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Postgres.Sql;
using Fencepost.Engine.Persistence.Stores;
using Npgsql;
using static Fencepost.Engine.Persistence.Postgres.Sql.PostgresParameters;

namespace Fencepost.Engine.Persistence.Postgres.Stores;

/// <summary>History nodes: upserted by (shard, tree, branch, node id), read in pages, deleted in chunks within DSQL's row limit.</summary>
internal sealed class PostgresHistoryStore(PostgresExecutor executor) : IHistoryStore
{
    /// <summary>Rows per delete transaction: well inside DSQL's 3,000 modified rows.</summary>
    internal const int DeleteChunk = 1_000;

    public Task<Page<HistoryNode>> ReadAsync(int shardId, Guid treeId, Guid branchId, long minNodeId, long maxNodeIdExclusive, int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default)
    {
        if (pageSize < 1)
        {
            throw new InvalidPersistenceRequestException($"pageSize must be at least 1, not {pageSize}.");
        }
        var from = pageToken is null ? minNodeId : DecodeToken(pageToken);
        return executor.RunAsync(new PersistenceOperation("ReadHistory", "history_node", shardId, $"history:{treeId}/{branchId}"), async (s, ct) =>
        {
            var nodes = await s.QueryAsync(PostgresStatements.SelectHistoryNodes, r => PostgresRows.HistoryNode(r, treeId, branchId), ct,
                Int(shardId), Uuid(treeId), Uuid(branchId), Long(from), Long(maxNodeIdExclusive), Int(pageSize + 1)).ConfigureAwait(false);
            if (nodes.Count <= pageSize)
            {
                return new Page<HistoryNode>(nodes, null);
            }
            var next = nodes[pageSize].NodeId;
            nodes.RemoveAt(pageSize);
            return new Page<HistoryNode>(nodes, BitConverter.GetBytes(next));
        }, cancellationToken);
    }

    public async Task<long> DeleteBranchAsync(int shardId, long rangeId, Guid treeId, Guid branchId, CancellationToken cancellationToken = default)
    {
        var operation = new PersistenceOperation("DeleteHistoryBranch", "history_node", shardId, $"history:{treeId}/{branchId}");
        long total = 0;
        while (true)
        {
            var deleted = await executor.RunAsync(operation, async (s, ct) =>
            {
                // Round trip 1: the fence, locked; round trip 2: one chunk, then COMMIT.
                await using (var fence = s.CreateBatch())
                {
                    fence.BatchCommands.Add(PostgresSession.Command(PostgresStatements.SelectShardRangeIdForUpdate, Int(shardId)));
                    await using var reader = await fence.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    var rows = new PostgresRowSets(reader);
                    PostgresExecutionStore.CheckFence(shardId, rangeId, await PostgresExecutionStore.ReadNullableLongAsync(rows, ct).ConfigureAwait(false));
                }
                await using var delete = s.CreateBatch();
                var chunk = PostgresSession.Command(PostgresStatements.DeleteHistoryChunk, Int(shardId), Uuid(treeId), Uuid(branchId), Int(DeleteChunk));
                delete.BatchCommands.Add(chunk);
                await s.CommitBatchAsync(delete, ct).ConfigureAwait(false);
                return (long)chunk.RecordsAffected;
            }, cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < DeleteChunk)
            {
                return total;
            }
        }
    }

    /// <summary>Writes nodes in as few transactions as DSQL's limits allow (each one within them).</summary>
    internal static async Task WriteNodesAheadAsync(PostgresExecutor executor, int shardId, IReadOnlyList<HistoryNode> nodes, CancellationToken cancellationToken)
    {
        var start = 0;
        while (start < nodes.Count)
        {
            var budget = new TransactionBudget();
            var end = start;
            while (end < nodes.Count && TryAdd(budget, nodes[end]))
            {
                end++;
            }
            var chunk = nodes.Skip(start).Take(end - start).ToList();
            var first = chunk[0];
            await executor.RunAsync(new PersistenceOperation("AppendHistoryNodes", "history_node", shardId, $"history:{first.TreeId}/{first.BranchId}"), async (s, ct) =>
            {
                await using var batch = s.CreateBatch();
                foreach (var node in chunk)
                {
                    batch.BatchCommands.Add(NodeWrite(shardId, node));
                }
                await s.CommitBatchAsync(batch, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            start = end;
        }
    }

    internal static NpgsqlBatchCommand NodeWrite(int shardId, HistoryNode node) =>
        PostgresSession.Command(PostgresStatements.UpsertHistoryNode, Int(shardId), Uuid(node.TreeId), Uuid(node.BranchId),
            Long(node.NodeId), Long(node.TransactionId), Int(node.EventCount), Bytes(node.Data));

    private static bool TryAdd(TransactionBudget budget, HistoryNode node)
    {
        // A node always fits an empty transaction (its data is at most 1 MiB, checked up front).
        if (budget.Rows + 1 > DsqlLimits.MaxRowsPerTransaction ||
            budget.Bytes + ShardWriteValidator.HistoryRowBytes(node) > DsqlLimits.MaxBytesPerTransaction)
        {
            return budget.Rows == 0 && Add(budget, node);
        }
        return Add(budget, node);
    }

    private static bool Add(TransactionBudget budget, HistoryNode node)
    {
        budget.AddRow("history_node", ShardWriteValidator.HistoryRowBytes(node));
        return true;
    }

    private static long DecodeToken(byte[] token) => token.Length == sizeof(long)
        ? BitConverter.ToInt64(token)
        : throw new InvalidPersistenceRequestException("The history page token is not one this store issued.");
}
