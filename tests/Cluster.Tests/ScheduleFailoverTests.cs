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

    [Fact]
    public async Task KillNine_OwnerOfTheSchedulesShard_SurvivorFiresTheRestAndEachTimeStartsOneWorkflow()
    {
        await using var cluster = await TestCluster.CreateAsync("schedule_kill");
        await RunScheduleThroughAsync(cluster, async (owner, survivor) =>
        {
            owner.Kill();
            await cluster.WaitForOwnershipAsync([survivor], $"{survivor.HostId} owning every shard after {owner.HostId} was killed");
        });
    }

    [Fact]
    public async Task SigStop_OwnerOfTheSchedulesShardPastItsExpiry_ResumedOwnerStartsNothingAgain()
    {
        await using var cluster = await TestCluster.CreateAsync("schedule_zombie");
        await RunScheduleThroughAsync(cluster, async (owner, survivor) =>
        {
            await owner.FreezeAsync();
            await cluster.WaitForOwnershipAsync([survivor], $"{survivor.HostId} owning every shard while {owner.HostId} is frozen");
            // Let the survivor fire (and catch up) before the deposed owner wakes with its old
            // in-memory schedule and a wake-up timer long overdue.
            await Task.Delay(Every * 2);
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
    /// node owning the schedule's shard. Then every action must have happened once.
    /// </summary>
    private static async Task RunScheduleThroughAsync(TestCluster cluster, Func<NodeProcess, NodeProcess, Task> breakOwner)
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
            using var timeout = new CancellationTokenSource(Patience);
            var rpc = new RpcOptions { CancellationToken = timeout.Token };
            var handle = await client.CreateScheduleAsync(scheduleId, new Schedule(
                ScheduleActionStartWorkflow.Create((EchoWorkflow wf) => wf.RunAsync("scheduled"), new WorkflowOptions(workflowId, taskQueue)),
                new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(Every)] })
            {
                Policy = new SchedulePolicy { Overlap = ScheduleOverlapPolicy.AllowAll, CatchupWindow = TimeSpan.FromMinutes(10) },
                State = new ScheduleState { LimitedActions = true, RemainingActions = Actions },
            }, new ScheduleOptions { Rpc = rpc });

            await cluster.WaitForAsync(async () => (await handle.DescribeAsync(rpc)).Info.NumActions >= 3 ? handle : null,
                $"the schedule's first three actions on {owner.HostId}");
            await breakOwner(owner, survivor);
            var done = await cluster.WaitForAsync(async () =>
            {
                var described = await handle.DescribeAsync(rpc);
                return described.Info.NumActions >= Actions && described.Info.RunningActions.Count == 0 ? described : null;
            }, $"all {Actions} actions taken and their workflows closed", Patience);
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
                var history = await client.GetWorkflowHandle(started.Id, started.RunId).FetchHistoryAsync(new WorkflowHistoryEventFetchOptions { Rpc = rpc });
                Assert.Equal(1, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionStarted));
                Assert.Equal(1, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionCompleted));
            }
            // No scheduled time skipped while the shard moved, none started twice.
            times.Sort();
            Assert.Equal(Enumerable.Range(0, Actions).Select(i => times[0] + i * Every), times);
        });
    }
}
