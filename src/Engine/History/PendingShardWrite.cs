using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.History;

/// <summary>One caller's part of a shard write, queued to the shard's writer and completed when it commits.</summary>
internal sealed class PendingShardWrite
{
    public List<ExecutionCreate> Creates { get; } = [];
    public List<ExecutionUpdate> Updates { get; } = [];
    public List<HistoryNode> History { get; } = [];
    public List<NewShardTask> Tasks { get; } = [];
    public List<VisibilityRecord> Visibility { get; } = [];

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Rows this part writes, to keep a merged batch inside DSQL's per-transaction budget.</summary>
    public int RowCount => (Creates.Count * 2) + (Updates.Count * 2) + History.Count + Tasks.Count + Visibility.Count;

    public long ByteCount
    {
        get
        {
            long bytes = 0;
            foreach (var node in History) bytes += node.Data.Length;
            foreach (var create in Creates) bytes += create.Execution.Data.Length;
            foreach (var update in Updates) bytes += update.Execution.Data.Length;
            return bytes;
        }
    }
}
