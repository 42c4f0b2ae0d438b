using Fencepost.Engine.Introspection;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Persistence.Model;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Queues;

/// <summary>
/// Where queue processors put tasks that failed every attempt: logged, counted, and kept in a
/// bounded in-memory list (the oldest go first) the console can read. The task itself is then
/// treated as done, so it no longer holds a worker or the shard's delete level.
/// </summary>
internal sealed partial class ShardTaskDeadLetters(EngineInstruments instruments, TimeProvider timeProvider, ILogger<ShardTaskDeadLetters> logger) : IDeadLetterView
{
    public const int Capacity = 1_000;

    private readonly Queue<DeadLetteredTask> _kept = new();
    private readonly Lock _gate = new();
    private long _total;

    /// <summary>Raised after a task was dead-lettered (tests await it).</summary>
    public event Action<DeadLetteredTask>? Added;

    public long TotalCount => Interlocked.Read(ref _total);

    public IReadOnlyList<DeadLetteredTask> GetDeadLetters()
    {
        lock (_gate) return [.. _kept];
    }

    public void Add(int shardId, ShardTaskCategory category, long taskId, ShardTaskData data, int attempts, Exception lastError)
    {
        var record = new DeadLetteredTask(shardId, category, taskId, data.Kind, data.NamespaceId, data.WorkflowId, data.RunId, attempts,
            $"{lastError.GetType().Name}: {lastError.Message}", timeProvider.GetUtcNow());
        lock (_gate)
        {
            _kept.Enqueue(record);
            while (_kept.Count > Capacity)
            {
                _kept.Dequeue();
            }
        }
        Interlocked.Increment(ref _total);
        instruments.RecordDeadLetteredTask(category, data.Kind);
        LogDeadLettered(logger, shardId, category, taskId, data.Kind, data.WorkflowId, data.RunId, attempts, lastError);
        Added?.Invoke(record);
    }

    [LoggerMessage(EventId = 1221, Level = LogLevel.Error,
        Message = "Shard {ShardId} {Category} task {TaskId} ({Kind}) for workflow {WorkflowId} run {RunId} failed {Attempts} times and was dead-lettered")]
    private static partial void LogDeadLettered(ILogger logger, int shardId, ShardTaskCategory category, long taskId, ShardTaskKind kind, string workflowId, Guid runId, int attempts, Exception exception);
}
