using System.Collections.Concurrent;
using Fencepost.Engine.Queues;

namespace Fencepost.Engine.Tests.Queues;

/// <summary>Executes outbox tasks by counting them; tasks of one workflow id always throw.</summary>
internal sealed class ScriptedExecutor(string poisonWorkflowId) : IShardTaskExecutor
{
    public ConcurrentDictionary<string, int> Executions { get; } = new();

    private ConcurrentDictionary<string, TaskCompletionSource> Done { get; } = new();

    /// <summary>Completes when a task of <paramref name="workflowId"/> has run successfully.</summary>
    public TaskCompletionSource DoneFor(string workflowId) =>
        Done.GetOrAdd(workflowId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public Task ExecuteAsync(ShardTaskData task, CancellationToken cancellationToken)
    {
        Executions.AddOrUpdate(task.WorkflowId, 1, (_, n) => n + 1);
        if (task.WorkflowId == poisonWorkflowId)
        {
            throw new InvalidOperationException($"task for {task.WorkflowId} always fails");
        }
        DoneFor(task.WorkflowId).TrySetResult();
        return Task.CompletedTask;
    }
}
