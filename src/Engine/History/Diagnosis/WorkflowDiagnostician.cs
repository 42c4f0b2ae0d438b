using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Errors;
using Fencepost.Engine.Introspection;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Queues;
using Grpc.Core;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History.Diagnosis;

/// <summary>
/// Gathers a run's facts for <see cref="StuckVerdict"/> from real state: the run's stored mutable
/// state (any node can read it, owner or not), the shard row and this node's ownership, the shard
/// tasks of the run still in the store, and this node's matching view of the run's task queues.
/// Reads only: a diagnosis never changes the run, so it is safe on a run that is truly stuck.
/// </summary>
internal sealed class WorkflowDiagnostician(
    NamespaceRegistry namespaces,
    IPersistenceStore store,
    ShardController shards,
    MatchingEngine matching,
    IDynamicConfig config,
    TimeProvider timeProvider) : IWorkflowDiagnostics
{
    /// <summary>How many stored tasks of each category of the shard are scanned for the run's (oldest first: overdue ones come first).</summary>
    internal const int TaskScanLimit = 1_000;

    public async Task<WorkflowDiagnosis?> DiagnoseAsync(string namespaceName, string workflowId, string? runId, CancellationToken cancellationToken = default)
    {
        NamespaceEntry ns;
        try
        {
            ns = await namespaces.GetAsync(namespaceName, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex) when (ex.Code is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
        if (string.IsNullOrEmpty(workflowId) || shards.ShardCount == 0)
        {
            return null;
        }
        var shardId = ShardResolver.GetShardId(ns.Id, workflowId, shards.ShardCount);
        Guid run;
        if (string.IsNullOrEmpty(runId))
        {
            var current = await store.Executions.GetCurrentExecutionAsync(shardId, ns.Id, workflowId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }
            run = current.RunId;
        }
        else if (!Guid.TryParse(runId, out run))
        {
            return null;
        }
        var record = await store.Executions.GetExecutionAsync(shardId, ns.Id, workflowId, run, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }
        var state = MutableStateSerializer.Deserialize(record.Data);
        var facts = new RunFacts(state, timeProvider.GetUtcNow(), await ShardFactsAsync(shardId, cancellationToken).ConfigureAwait(false),
            QueueFacts(ns, state), await OutstandingTasksAsync(shardId, run, cancellationToken).ConfigureAwait(false),
            PollerFreshness(ns.Name, state.TaskQueue));
        var (kind, verdict, findings) = StuckVerdict.Decide(facts);
        return new WorkflowDiagnosis(ns.Name, workflowId, run.ToString(), ((Temporalio.Api.Enums.V1.WorkflowExecutionStatus)state.Status).ToString(),
            kind, verdict, findings, facts.Now);
    }

    /// <summary>A live worker polls again within one long poll; twice that, and nobody is polling.</summary>
    private TimeSpan PollerFreshness(string namespaceName, string taskQueue) =>
        2 * config.Get(MatchingConfigKeys.LongPollExpirationInterval, namespaceName, taskQueue);

    private async Task<ShardFacts> ShardFactsAsync(int shardId, CancellationToken cancellationToken)
    {
        var row = await store.Shards.GetShardAsync(shardId, cancellationToken).ConfigureAwait(false);
        var owned = shards.GetOwnedShards().FirstOrDefault(s => s.ShardId == shardId);
        var missing = shards.ShardsNotYetOwned()?.Contains(shardId) ?? false;
        return new ShardFacts(shardId, row?.Owner ?? "", shards.HostId, missing, owned?.CommittedTransactions);
    }

    private List<QueueFacts> QueueFacts(NamespaceEntry ns, MutableState state)
    {
        var wanted = new HashSet<(string, int)> { (state.TaskQueue, MatchingEngine.WorkflowTaskType) };
        foreach (var activity in state.Activities.Values)
        {
            var queue = HistoryEvent.Parser.ParseFrom(activity.ScheduledEvent).ActivityTaskScheduledEventAttributes?.TaskQueue?.Name;
            wanted.Add((string.IsNullOrEmpty(queue) ? state.TaskQueue : queue, MatchingEngine.ActivityTaskType));
        }
        return [.. wanted.Select(w =>
        {
            var queue = matching.Find(ns.Id, w.Item1, w.Item2);
            if (queue is null)
            {
                return new QueueFacts(w.Item1, w.Item2, false, null, 0, 0);
            }
            var lastPoll = queue.Pollers.Select(p => (DateTimeOffset?)p.LastAccessTime).Max();
            return new QueueFacts(w.Item1, w.Item2, true, lastPoll, queue.WaitingPollers, queue.BacklogCount);
        })];
    }

    private async Task<List<OutstandingTask>> OutstandingTasksAsync(int shardId, Guid runId, CancellationToken cancellationToken)
    {
        var found = new List<OutstandingTask>();
        // Transfer tasks are keyed by id alone, timers by due time and id (as their queues read them).
        var transfer = await store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(0), ShardTaskKey.ForId(long.MaxValue),
            TaskScanLimit, cancellationToken).ConfigureAwait(false);
        var timers = await store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Timer, new ShardTaskKey(DateTimeOffset.MinValue, 0),
            new ShardTaskKey(DateTimeOffset.MaxValue, long.MaxValue), TaskScanLimit, cancellationToken).ConfigureAwait(false);
        foreach (var task in transfer.Concat(timers))
        {
            var data = ShardTaskSerializer.Deserialize(task.Data);
            if (data.RunId == runId)
            {
                found.Add(new OutstandingTask(task.Category, data.Kind, task.Category == ShardTaskCategory.Timer ? task.VisibilityTime : null));
            }
        }
        return found;
    }
}
