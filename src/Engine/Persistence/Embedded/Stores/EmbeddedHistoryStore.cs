using System.Buffers.Binary;
using Fencepost.Engine.Persistence.Embedded.Keys;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

internal sealed class EmbeddedHistoryStore(EmbeddedTransactions transactions) : IHistoryStore
{
    /// <summary>Rows per delete transaction, well within DSQL's 3,000.</summary>
    internal const int DeleteChunk = 1_000;

    private EmbeddedTables Tables => transactions.Tables;

    public async Task<Page<HistoryNode>> ReadAsync(int shardId, Guid treeId, Guid branchId, long minNodeId, long maxNodeIdExclusive, int pageSize, byte[]? pageToken, CancellationToken cancellationToken = default)
    {
        if (pageSize < 1)
        {
            throw new InvalidPersistenceRequestException($"History page size must be at least 1, not {pageSize}.");
        }
        var from = Math.Max(minNodeId, DecodeToken(pageToken));
        return await transactions.RunAsync(Operation("ReadHistory", shardId, branchId), tx =>
        {
            if (from >= maxNodeIdExclusive)
            {
                return new Page<HistoryNode>([], null);
            }
            var rows = tx.Scan(Tables.History,
                KeyRange.ClosedOpen(new HistoryNodeKey(shardId, treeId, branchId, from), new HistoryNodeKey(shardId, treeId, branchId, maxNodeIdExclusive)),
                pageSize + 1);
            var items = rows.Take(pageSize).Select(row => StoredValues.Of(row.Value)).ToList();
            var next = rows.Count > pageSize ? EncodeToken(rows[pageSize].Key.NodeId) : null;
            return new Page<HistoryNode>(items, next);
        }, cancellationToken);
    }

    public async Task<long> DeleteBranchAsync(int shardId, long rangeId, Guid treeId, Guid branchId, CancellationToken cancellationToken = default)
    {
        var branch = KeyRange.Closed(new HistoryNodeKey(shardId, treeId, branchId, long.MinValue), new HistoryNodeKey(shardId, treeId, branchId, long.MaxValue));
        long deleted = 0;
        while (true)
        {
            var chunk = await transactions.RunAsync(Operation("DeleteHistoryBranch", shardId, branchId), tx =>
            {
                ShardFence.Check(tx, Tables, shardId, rangeId);
                var rows = tx.Scan(Tables.History, branch, DeleteChunk);
                foreach (var row in rows)
                {
                    tx.Delete(Tables.History, row.Key);
                }
                return rows.Count;
            }, cancellationToken).ConfigureAwait(false);
            deleted += chunk;
            // A short chunk was the last one: no transaction just to find the branch empty.
            if (chunk < DeleteChunk)
            {
                return deleted;
            }
        }
    }

    private static byte[] EncodeToken(long nextNodeId)
    {
        var token = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(token, nextNodeId);
        return token;
    }

    private static long DecodeToken(byte[]? token)
    {
        if (token is null)
        {
            return long.MinValue;
        }
        if (token.Length != sizeof(long))
        {
            throw new InvalidPersistenceRequestException("The history page token is not one this store issued.");
        }
        return BinaryPrimitives.ReadInt64BigEndian(token);
    }

    private static PersistenceOperation Operation(string name, int shardId, Guid branchId) =>
        new(name, EmbeddedTables.HistoryName, shardId, $"branch:{branchId}");
}
