using System.Globalization;
using Fencepost.Cluster.Tests.Infrastructure;
using Fencepost.Cluster.Tests.Workflows;
using Fencepost.Engine.History;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Worker;

namespace Fencepost.Cluster.Tests;

/// <summary>
/// A schedule firing every two seconds while the node that owns its shard is killed (kill -9) or
/// frozen past its membership expiry and then resumed: the survivor takes the shard over and carries
/// on, catching up what fell due in between, and every scheduled time starts exactly one workflow.
/// The schedule has a fixed number of actions, so how many workflows must exist is known.
/// </summary>
[Collection(ClusterProcessCollection.Name)]
public sealed class ScheduleFailoverTests
{
    private const string Front = "frontend,matching";
    private const string History = "history";
    private const int Actions = 12;
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task KillNine_OwnerOfTheSchedulesShard_SurvivorFiresTheRestAndEachTimeStartsOneWorkflow()
    {
        await using var cluster = await TestCluster.CreateAsync("schedule_kill");
        await RunScheduleThroughAsync(cluster, async (owner, survivor, _) =>
        {
            owner.Kill();
            await cluster.WaitForOwnershipAsync([survivor], $"{survivor.HostId} owning every shard after {owner.HostId} was killed");
        });
    }

    [Fact]
    public async Task SigStop_OwnerOfTheSchedulesShardPastItsExpiry_ResumedOwnerStartsNothingAgain()
    {
        await using var cluster = await TestCluster.CreateAsync("schedule_zombie");
        await RunScheduleThroughAsync(cluster, async (owner, survivor, handle) =>
        {
            var before = (await handle.DescribeAsync()).Info.NumActions;
            await owner.FreezeAsync();
            await cluster.WaitForOwnershipAsync([survivor], $"{survivor.HostId} owning every shard while {owner.HostId} is frozen");
            // The survivor fires (and catches up) before the deposed owner wakes with its old
            // in-memory schedule and a wake-up timer long overdue.
            await cluster.WaitForAsync(async () => await TryDescribeAsync(handle) is { } d && d.Info.NumActions > before ? handle : null,
                $"{survivor.HostId} taking an action while {owner.HostId} is frozen");
            var logBeforeResume = owner.Log.Length;
            await owner.ResumeAsync();
            await cluster.WaitForAsync(
                () => Task.FromResult(owner.Log[logBeforeResume..].Contains("Dropped history shard", StringComparison.Ordinal) ? owner.Log : null),
                $"{owner.HostId} dropping its old shards after it resumed");
        });
    }

    /// <summary>
    /// One frontend and two history nodes; a schedule of <see cref="Actions"/> actions every
    /// <see cref="Every"/>; <paramref name="breakOwner"/> runs after the third action against the
    /// node owning the schedule's shard (and the survivor, and the schedule). Then every action
    /// must have happened once.
    /// </summary>
    private static async Task RunScheduleThroughAsync(TestCluster cluster, Func<NodeProcess, NodeProcess, ScheduleHandle, Task> breakOwner)
    {
        var front = cluster.StartNode("front", Front);
        var hostIds = cluster.HostIdsEachOwningShards("h1", "h2");
        var histories = hostIds.Select(id => cluster.StartNodeAs(id, History)).ToArray();
        var rows = await cluster.WaitForOwnershipAsync(histories, "the shards spread over two history nodes");
        await cluster.WaitForStateAsync(front, s => s.Members.Count(m => m.Role == "history") == 2, "the frontend seeing both history nodes");

        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(front.FrontendTarget) { Namespace = "default" });
        var namespaceId = Guid.Parse((await client.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "default" })).NamespaceInfo.Id);
        var scheduleId = $"failover-{Guid.NewGuid():N}";
        var schedulerShard = ShardResolver.GetShardId(namespaceId, $"temporal-sys-scheduler:{scheduleId}", TestCluster.ShardCount);
        var owner = histories.Single(h => h.HostId == rows.Single(r => r.ShardId == schedulerShard).Owner);
        var survivor = histories.Single(h => h != owner);

        var taskQueue = $"scheduled-{Guid.NewGuid():N}";
        var workflowId = $"scheduled-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<EchoWorkflow>().AddActivity(EchoActivities.Echo));
        await worker.ExecuteAsync(async () =>
        {
            // Each call bounded on its own; the waits below bound the whole and name what they waited for.
            var rpc = new RpcOptions { Timeout = CallTimeout };
            var handle = await client.CreateScheduleAsync(scheduleId, new Schedule(
                ScheduleActionStartWorkflow.Create((EchoWorkflow wf) => wf.RunAsync("scheduled"), new WorkflowOptions(workflowId, taskQueue)),
                new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(Every)] })
            {
                Policy = new SchedulePolicy { Overlap = ScheduleOverlapPolicy.AllowAll, CatchupWindow = TimeSpan.FromMinutes(10) },
                State = new ScheduleState { LimitedActions = true, RemainingActions = Actions },
            }, new ScheduleOptions { Rpc = rpc });

            await cluster.WaitForAsync(async () => await TryDescribeAsync(handle) is { } d && d.Info.NumActions >= 3 ? handle : null,
                $"the schedule's first three actions on {owner.HostId}");
            await breakOwner(owner, survivor, handle);
            ScheduleDescription? last = null;
            ScheduleDescription done;
            try
            {
                done = await cluster.WaitForAsync(async () =>
                {
                    last = await TryDescribeAsync(handle) ?? last;
                    return last is { } d && d.Info.NumActions >= Actions && d.Info.RunningActions.Count == 0 ? d : null;
                }, $"all {Actions} actions taken and their workflows closed", Patience);
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                var notable = cluster.Nodes.SelectMany(n => n.Log.Split('\n').Where(l => l.Contains("dead-letter", StringComparison.Ordinal) || l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains($"shard {schedulerShard}", StringComparison.Ordinal) || l.Contains($"Shard {schedulerShard}", StringComparison.Ordinal)).Select(l => $"{n.HostId}: {l}"));
                var stored = await cluster.ScalarAsync("SELECT count(*) FROM executions WHERE workflow_id LIKE $1", workflowId + "-%");
                var pendingTasks = await TextAsync(cluster, "SELECT string_agg((task_id >> 20)::text || ':' || (task_id & 1048575)::text, ', ') FROM transfer_tasks WHERE shard_id = $1", schedulerShard);
                var shardRow = await TextAsync(cluster, "SELECT owner || ' at ' || range_id::text FROM shards WHERE shard_id = $1", schedulerShard);
                pendingTasks += $" (shard owned by {shardRow})";
                var timers = await cluster.ScalarAsync("SELECT count(*) FROM timer_tasks WHERE shard_id = $1", schedulerShard);
                throw new Xunit.Sdk.XunitException($"{ex.Message}\nLast described: {Seen(last)}\nStored runs: {stored}; transfer tasks on shard {schedulerShard}: {pendingTasks}; timers: {timers}\nNotable log lines:\n{string.Join("\n", notable.Take(60))}");
            }
            Assert.Equal(Actions, done.Info.NumActions);
            Assert.Equal(0, done.Schedule.State.RemainingActions);

            // Every run the cluster ever stored for the schedule's workflows: one per scheduled time.
            var runs = await cluster.ScalarAsync("SELECT count(*) FROM executions WHERE workflow_id LIKE $1", workflowId + "-%");
            var ids = await cluster.ScalarAsync("SELECT count(DISTINCT workflow_id) FROM executions WHERE workflow_id LIKE $1", workflowId + "-%");
            Assert.True(runs == Actions && ids == Actions, $"{runs} runs under {ids} workflow ids for {Actions} actions.");

            // Visibility follows the runs a moment later: wait until it lists them all.
            var listed = await cluster.WaitForAsync(async () =>
            {
                var found = new List<WorkflowExecution>();
                await foreach (var started in client.ListWorkflowsAsync($"WorkflowId STARTS_WITH '{workflowId}-'", new WorkflowListOptions { Rpc = rpc }))
                {
                    found.Add(started);
                }
                return found.Count >= Actions ? found : null;
            }, $"visibility listing the {Actions} scheduled workflows");
            var times = new List<DateTime>();
            foreach (var started in listed)
            {
                times.Add(DateTime.ParseExact(started.Id[(workflowId.Length + 1)..], "yyyy-MM-dd'T'HH:mm:ss'Z'",
                    CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
                // Reads may lag a shard move for a moment (docs/architecture.md): wait for the close, then count.
                var run = client.GetWorkflowHandle(started.Id, started.RunId);
                var history = await cluster.WaitForAsync(async () =>
                {
                    var events = (await run.FetchHistoryAsync(new WorkflowHistoryEventFetchOptions { Rpc = rpc })).Events;
                    return events.Any(e => e.EventType == EventType.WorkflowExecutionCompleted) ? events : null;
                }, $"{started.Id} read as completed");
                Assert.Equal(1, history.Count(e => e.EventType == EventType.WorkflowExecutionStarted));
                Assert.Equal(1, history.Count(e => e.EventType == EventType.WorkflowExecutionCompleted));
            }
            // No scheduled time skipped while the shard moved, none started twice.
            times.Sort();
            Assert.Equal(Enumerable.Range(0, Actions).Select(i => times[0] + i * Every), times);
        });
    }

    /// <summary>The schedule, or null while the call fails (the frontend may still route to a frozen or dead node for a moment).</summary>
    private static async Task<ScheduleDescription?> TryDescribeAsync(ScheduleHandle handle)
    {
        try
        {
            return await handle.DescribeAsync(new RpcOptions { Timeout = CallTimeout });
        }
        catch (Temporalio.Exceptions.RpcException)
        {
            return null;
        }
    }

    private static async Task<string> TextAsync(TestCluster cluster, string sql, int shardId)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(cluster.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(shardId);
        return (await command.ExecuteScalarAsync())?.ToString() ?? "none";
    }

    private static string Seen(ScheduleDescription? described) => described is null ? "nothing" :
        $"{described.Info.NumActions} actions, {described.Schedule.State.RemainingActions} left, running [{string.Join(", ", described.Info.RunningActions.Select(Name))}], " +
        $"recent [{string.Join(", ", described.Info.RecentActions.Select(a => Name(a.Action)))}]";

    private static string Name(ScheduleActionExecution action) =>
        action is ScheduleActionExecutionStartWorkflow start ? $"{start.WorkflowId} {start.FirstExecutionRunId}" : action.GetType().Name;
}
