using System.Net;
using Fencepost.Cluster.Tests.Infrastructure;
using Fencepost.Cluster.Tests.Workflows;
using Temporalio.Client;
using Temporalio.Worker;
using Xunit.Abstractions;

namespace Fencepost.Cluster.Tests;

/// <summary>
/// Real node processes on loopback against one PostgreSQL database per test: shard ownership,
/// forwarding between nodes, and failover (kill -9, SIGSTOP/SIGCONT, a node joining) under a
/// steady load of SDK workflows. Every wait polls a condition with a generous timeout.
/// </summary>
[Collection(ClusterProcessCollection.Name)]
public sealed class ClusterNodeTests(ITestOutputHelper output)
{
    private const string AllRoles = "frontend,history,matching";
    private const string Front = "frontend,matching";
    private const string History = "history";
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ThreeNodes_Start_EveryShardOwnedExactlyOnceAndCallsForwardedBetweenFrontends()
    {
        await using var cluster = await TestCluster.CreateAsync("three_nodes");
        var nodes = new[] { cluster.StartNode("a", AllRoles), cluster.StartNode("b", AllRoles), cluster.StartNode("c", AllRoles) };

        await cluster.WaitForOwnershipAsync(nodes, "every shard owned exactly once, by the node the ring over all three gives it");
        // Roles gate what is served: these nodes have no console role, so their HTTP port answers the
        // probes but serves no console pages.
        foreach (var node in nodes)
        {
            Assert.True(await NodeProcess.IsListeningAsync(node.FrontendPort), $"{node} has no frontend listener.");
            Assert.Equal(HttpStatusCode.NotFound, await node.HttpStatusAsync("/signin"));
            Assert.Equal(HttpStatusCode.OK, await node.HttpStatusAsync("/readyz"));
        }

        // Client on one node, worker on another: starts, polls and completions cross nodes.
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(nodes[0].FrontendTarget) { Namespace = "default" });
        var workerClient = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(nodes[1].FrontendTarget) { Namespace = "default" });
        var taskQueue = $"three-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(workerClient, new TemporalWorkerOptions(taskQueue).AddWorkflow<EchoWorkflow>().AddActivity(EchoActivities.Echo));
        var completed = await worker.ExecuteAsync(async () =>
        {
            var load = new WorkflowLoad(client, taskQueue);
            load.Start(TimeSpan.FromMilliseconds(50));
            await load.WaitForStartedAsync(12, LoadTimeout);
            return await load.StopAndVerifyAllCompletedOnceAsync(LoadTimeout);
        });
        Assert.True(completed >= 12);
    }

    [Fact]
    public async Task KillNine_HistoryNodeUnderLoad_ItsShardsMoveAndEveryWorkflowCompletesOnce()
    {
        await using var cluster = await TestCluster.CreateAsync("kill_nine");
        var front = cluster.StartNode("front", Front);
        var histories = new[] { cluster.StartNode("h1", History), cluster.StartNode("h2", History) };
        var rows = await cluster.WaitForOwnershipAsync(histories, "the shards spread over two history nodes");
        var victim = histories.MaxBy(h => rows.Count(r => r.Owner == h.HostId))!;
        var survivor = histories.Single(h => h != victim);

        await RunUnderLoadAsync(cluster, front, "history node killed with kill -9 (three nodes: a frontend, two history)", async load =>
        {
            await load.WaitForStartedAsync(10, LoadTimeout);
            victim.Kill();
            load.MarkNodeLost();
            await cluster.WaitForOwnershipAsync([survivor], $"{survivor.HostId} owning every shard after {victim.HostId} was killed");
            await load.WaitForStartedAsync(load.Started + 10, LoadTimeout);
        });
    }

    [Fact]
    public async Task KillNine_OwnerOfAWorkflowWithUpdates_TheNewOwnerAnswersTheCompletedOneAndCompletesTheAcceptedOne()
    {
        await using var cluster = await TestCluster.CreateAsync("update_move");
        var front = cluster.StartNode("front", Front);
        var histories = new[] { cluster.StartNode("h1", History), cluster.StartNode("h2", History) };
        var rows = await cluster.WaitForOwnershipAsync(histories, "the shards spread over two history nodes");
        await cluster.WaitForStateAsync(front, s => s.Members.Count(m => m.Role == "history") == 2, "the frontend seeing both history nodes");
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(front.FrontendTarget) { Namespace = "default" });
        var namespaceId = Guid.Parse((await client.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "default" })).NamespaceInfo.Id);
        var victim = histories[0];
        var survivor = histories[1];
        var workflowId = Enumerable.Range(0, 10_000).Select(i => $"moved-{Guid.NewGuid():N}")
            .First(id => rows.Single(r => r.ShardId == Engine.History.ShardResolver.GetShardId(namespaceId, id, TestCluster.ShardCount)).Owner == victim.HostId);
        var taskQueue = $"update-move-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<CounterWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            using var timeout = new CancellationTokenSource(LoadTimeout);
            var rpc = new RpcOptions { CancellationToken = timeout.Token };
            var handle = await client.StartWorkflowAsync((CounterWorkflow wf) => wf.RunAsync(), new WorkflowOptions(workflowId, taskQueue) { Rpc = rpc });
            Assert.Equal(1, await handle.ExecuteUpdateAsync(wf => wf.AddAsync("before"), new WorkflowUpdateOptions("completed-before") { Rpc = rpc }));
            var held = await handle.StartUpdateAsync(wf => wf.WaitForReleaseAsync("across"), new WorkflowUpdateStartOptions(WorkflowUpdateStage.Accepted) { Rpc = rpc });

            victim.Kill();
            await cluster.WaitForOwnershipAsync([survivor], $"{survivor.HostId} owning every shard after {victim.HostId} was killed");

            // The new owner knows both updates from the store alone.
            Assert.Equal(1, await handle.GetUpdateHandle<int>("completed-before").GetResultAsync(rpc));
            Assert.Equal(1, await handle.ExecuteUpdateAsync(wf => wf.AddAsync("ignored"), new WorkflowUpdateOptions("completed-before") { Rpc = rpc }));
            await handle.SignalAsync(wf => wf.ReleaseAsync("across"), new WorkflowSignalOptions { Rpc = rpc });
            Assert.Equal("released across", await held.GetResultAsync(rpc));
            await handle.SignalAsync(wf => wf.FinishAsync(), new WorkflowSignalOptions { Rpc = rpc });
            Assert.Equal("before,across", await handle.GetResultAsync<string>(rpcOptions: rpc));
        });
    }

    [Fact]
    public async Task SigStop_HistoryNodePastItsExpiry_DropsItsShardsAndNeverCommitsWithTheOldRange()
    {
        await using var cluster = await TestCluster.CreateAsync("sigstop");
        var front = cluster.StartNode("front", Front);
        var histories = new[] { cluster.StartNode("h1", History), cluster.StartNode("h2", History) };
        var before = await cluster.WaitForOwnershipAsync(histories, "the shards spread over two history nodes");
        var zombie = histories.MaxBy(h => before.Count(r => r.Owner == h.HostId))!;
        var survivor = histories.Single(h => h != zombie);
        var zombieShards = before.Where(r => r.Owner == zombie.HostId).ToDictionary(r => r.ShardId, r => r.RangeId);

        await RunUnderLoadAsync(cluster, front, "history node frozen (SIGSTOP) past its membership expiry, then resumed (three nodes)", async load =>
        {
            await load.WaitForStartedAsync(10, LoadTimeout);
            await zombie.FreezeAsync();
            load.MarkNodeLost();
            var takeover = await cluster.WaitForOwnershipAsync([survivor], $"{survivor.HostId} owning every shard while {zombie.HostId} is frozen");
            var oldRangeTasks = await CountTasksInRangesAsync(cluster, zombieShards);

            var logBeforeResume = zombie.Log.Length;
            await zombie.ResumeAsync();
            // Back from the freeze, the zombie still believes it owns its old shards. Whichever comes
            // first must make it let go: a write failing the fence ("Shard N lost: ..."), the check
            // of the stored rows ("History shard N lost: ..."), or its own view showing its
            // membership expired, which takes it out of the ring. Which wins is a race between its
            // next request, its next check and its next refresh, so any is accepted: each ends in
            // "Dropped history shard N". What is asserted below is that nothing was committed with
            // the old ranges.
            await cluster.WaitForAsync(
                () => Task.FromResult(zombieShards.Keys.Any(id => LoggedDropped(zombie.Log[logBeforeResume..], id)) ? zombie.Log : null),
                $"{zombie.HostId} dropping one of its old shards after it resumed");
            await load.WaitForStartedAsync(load.Started + 10, LoadTimeout);

            var after = await cluster.Store.Shards.ListShardsAsync();
            foreach (var row in after.Where(r => zombieShards.ContainsKey(r.ShardId)))
            {
                var taken = takeover.Single(t => t.ShardId == row.ShardId);
                Assert.True(row.RangeId >= taken.RangeId, $"Shard {row.ShardId} went back to range {row.RangeId} after the takeover at {taken.RangeId}.");
                Assert.True(row.Owner != zombie.HostId || row.RangeId > taken.RangeId,
                    $"Shard {row.ShardId} is owned by the zombie at a range it did not acquire after the takeover.");
            }
            // Task ids carry their range (range_id << 20): nothing new was written with the zombie's old ranges.
            Assert.True(await CountTasksInRangesAsync(cluster, zombieShards) <= oldRangeTasks, "The zombie wrote tasks with a range it had lost.");
        });
    }

    [Fact]
    public async Task NodeAddedThenStoppedGracefully_UnderLoad_TakesItsShareAndHandsItBackWithoutFailingWorkflows()
    {
        // A minute's expiry: once the added node is stopped, only its hand-over (it leaves the ring
        // and writes already-expired rows) can move its shards back within the wait below.
        await using var cluster = await TestCluster.CreateAsync("node_added", membershipExpiry: TimeSpan.FromMinutes(1));
        var front = cluster.StartNode("front", Front);
        var first = cluster.StartNode("h1", History);
        await cluster.WaitForOwnershipAsync([first], "the first history node owning every shard");

        await RunUnderLoadAsync(cluster, front, async load =>
        {
            await load.WaitForStartedAsync(10, LoadTimeout);
            var added = cluster.StartNode("h2", History);
            await cluster.WaitForOwnershipAsync([first, added], "the joined node owning its share of the shards, as the ring over both gives it");
            await load.WaitForStartedAsync(load.Started + 10, LoadTimeout);

            Assert.Equal(0, await added.StopGracefullyAsync(TimeSpan.FromSeconds(60)));
            await cluster.WaitForOwnershipAsync([first], $"{first.HostId} owning every shard again after {added.HostId} stopped gracefully",
                timeout: TimeSpan.FromSeconds(30));
            Assert.Contains("left the cluster", added.Log, StringComparison.Ordinal);
            await load.WaitForStartedAsync(load.Started + 10, LoadTimeout);
        });
    }

    /// <summary>Client and worker on one frontend node; <paramref name="during"/> breaks the cluster while workflows keep starting.</summary>
    private Task RunUnderLoadAsync(TestCluster cluster, NodeProcess front, Func<WorkflowLoad, Task> during) =>
        RunUnderLoadAsync(cluster, front, "load", during);

    /// <summary>Runs load through the SDK around <paramref name="during"/>; every workflow must complete once, and the row of docs/faults.md is printed.</summary>
    private async Task RunUnderLoadAsync(TestCluster cluster, NodeProcess front, string fault, Func<WorkflowLoad, Task> during)
    {
        await cluster.WaitForStateAsync(front, s => s.Members.Any(m => m.Role == "history"), "the frontend seeing a history node");
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(front.FrontendTarget) { Namespace = "default" });
        var taskQueue = $"load-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<EchoWorkflow>().AddActivity(EchoActivities.Echo));
        await worker.ExecuteAsync(async () =>
        {
            var load = new WorkflowLoad(client, taskQueue);
            load.Start(TimeSpan.FromMilliseconds(100));
            await during(load);
            var row = await load.StopAndMeasureAsync(fault, LoadTimeout);
            output.WriteLine(ClusterFaultRow.Header);
            output.WriteLine(row.Row);
            Assert.True(row.Started >= 20, $"Only {row.Started} workflows ran.");
        });
    }

    /// <summary>The line (1002) every way of letting go of a shard ends with: fenced write, stored-row check or ring change.</summary>
    private static bool LoggedDropped(string log, int shardId) =>
        log.Split('\n').Any(line => line.TrimEnd().EndsWith($"Dropped history shard {shardId}", StringComparison.Ordinal));

    private static async Task<long> CountTasksInRangesAsync(TestCluster cluster, IReadOnlyDictionary<int, long> ranges)
    {
        long total = 0;
        foreach (var (shardId, rangeId) in ranges)
        {
            total += await cluster.ScalarAsync("SELECT count(*) FROM transfer_tasks WHERE shard_id = $1 AND (task_id >> 20) = $2", shardId, rangeId);
            total += await cluster.ScalarAsync("SELECT count(*) FROM timer_tasks WHERE shard_id = $1 AND (task_id >> 20) = $2", shardId, rangeId);
        }
        return total;
    }
}
