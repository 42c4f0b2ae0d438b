using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Embedded.Stores;

/// <summary>
/// Decides whether a shard write fits one DSQL transaction, and if not, how its history is written
/// ahead in chunks that each fit; refuses the request when its non-history part alone cannot fit.
/// </summary>
internal static class ShardWriteSizing
{
    /// <summary>The history chunks to write ahead (empty when everything fits one transaction).</summary>
    public static IReadOnlyList<IReadOnlyList<HistoryNode>> PlanHistoryAhead(ShardWriteRequest request)
    {
        var rows = 0;
        long bytes = 0;
        foreach (var update in request.Updates)
        {
            Add(ref rows, ref bytes, RowSizes.Of(update.Execution).Bytes);
            if (update.Current is { } current)
            {
                Add(ref rows, ref bytes, RowSizes.Of(current).Bytes);
            }
        }
        foreach (var create in request.Creates)
        {
            Add(ref rows, ref bytes, RowSizes.Of(create.Execution).Bytes);
            Add(ref rows, ref bytes, RowSizes.Of(create.Current).Bytes);
        }
        foreach (var task in request.Tasks)
        {
            Add(ref rows, ref bytes, RowSizes.Of(task).Bytes);
        }
        foreach (var visibility in request.Visibility)
        {
            Add(ref rows, ref bytes, RowSizes.Of(visibility).Bytes);
        }
        if (rows > DsqlLimits.MaxRowsPerTransaction)
        {
            throw new TransactionLimitExceededException("rows per transaction", rows, DsqlLimits.MaxRowsPerTransaction,
                "The shard write without its history is already too large for one transaction; split it.");
        }
        if (bytes > DsqlLimits.MaxBytesPerTransaction)
        {
            throw new TransactionLimitExceededException("bytes per transaction", bytes, DsqlLimits.MaxBytesPerTransaction,
                "The shard write without its history is already too large for one transaction; split it.");
        }

        var historyRows = request.History.Count;
        var historyBytes = request.History.Sum(node => RowSizes.Of(node).Bytes);
        if (rows + historyRows <= DsqlLimits.MaxRowsPerTransaction && bytes + historyBytes <= DsqlLimits.MaxBytesPerTransaction)
        {
            return [];
        }

        var chunks = new List<IReadOnlyList<HistoryNode>>();
        var chunk = new List<HistoryNode>();
        long chunkBytes = 0;
        foreach (var node in request.History)
        {
            var size = RowSizes.Of(node).Bytes;
            if (chunk.Count > 0 && (chunk.Count + 1 > DsqlLimits.MaxRowsPerTransaction || chunkBytes + size > DsqlLimits.MaxBytesPerTransaction))
            {
                chunks.Add(chunk);
                chunk = [];
                chunkBytes = 0;
            }
            chunk.Add(node);
            chunkBytes += size;
        }
        if (chunk.Count > 0)
        {
            chunks.Add(chunk);
        }
        return chunks;
    }

    private static void Add(ref int rows, ref long bytes, long rowBytes)
    {
        rows++;
        bytes += rowBytes;
    }
}
