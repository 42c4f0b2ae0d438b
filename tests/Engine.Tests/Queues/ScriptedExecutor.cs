using System.Collections.Concurrent;
using Fencepost.Engine.Queues;

namespace Fencepost.Engine.Tests.Queues;

/// <summary>
/// Executes outbox tasks by counting them; tasks of one workflow id always throw, and the first
/// attempt of a task whose workflow id starts with <see cref="OtherShardMoved"/> fails as a cross-shard call does when its
/// target shard moved (another shard's ownership lost).
/// </summary>
internal sealed class ScriptedExecutor(string poisonWorkflowId) : IShardTaskExecutor
{
    public const string OtherShardMoved = "other-shard-moved";

    public ConcurrentDictionary<string, int> Executions { get; } = new();

    private ConcurrentDictionary<string, TaskCompletionSource> Done { get; } = new();

    /// <summary>Completes when a task of <paramref name="workflowId"/> has run successfully.</summary>
    public TaskCompletionSource DoneFor(string workflowId) =>
        Done.GetOrAdd(workflowId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public Task ExecuteAsync(ShardTaskData task, CancellationToken cancellationToken)
    {
        var attempt = Executions.AddOrUpdate(task.WorkflowId, 1, (_, n) => n + 1);
        if (task.WorkflowId.StartsWith(OtherShardMoved, StringComparison.Ordinal) && attempt == 1)
        {
            throw new Fencepost.Engine.Persistence.Errors.ShardOwnershipLostException(7, 1, 2);
        }
        if (task.WorkflowId == poisonWorkflowId)
        {
            throw new InvalidOperationException($"task for {task.WorkflowId} always fails");
        }
        DoneFor(task.WorkflowId).TrySetResult();
        return Task.CompletedTask;
    }
}
