using System.Net;
using Fencepost.Cluster.Tests.Infrastructure;
using Fencepost.Cluster.Tests.Workflows;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Fencepost.Cluster.Tests;

/// <summary>
/// Work that crosses from one node to another beyond forwarding an SDK call: a transfer task acting
/// on a workflow whose shard another node owns, a query whose workflow and task queue live on
/// different nodes, a namespace changed on one node and read on the other, and which listeners a
/// node without the console role serves. Two nodes are started once for the class.
/// </summary>
[Collection(ClusterProcessCollection.Name)]
public sealed class CrossNodeTests(TwoNodeCluster nodes) : IClassFixture<TwoNodeCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ParentWorkflow_ChildrenAndSignalAndCancelTargetsOnTheOtherNode_ParentCompletesAndEachChildCompletesOnce()
    {
        // The parent's shard is on A; every workflow it acts on has its shard on B.
        var parentId = nodes.WorkflowIdOwnedBy(nodes.A, "parent");
        var plan = new ParentPlan(
            [nodes.WorkflowIdOwnedBy(nodes.B, "child"), nodes.WorkflowIdOwnedBy(nodes.B, "child"), nodes.WorkflowIdOwnedBy(nodes.B, "child")],
            nodes.WorkflowIdOwnedBy(nodes.B, "signal-target"),
            nodes.WorkflowIdOwnedBy(nodes.B, "cancel-target"),
            nodes.WorkflowIdOwnedBy(nodes.B, "terminated-child"),
            nodes.WorkflowIdOwnedBy(nodes.B, "cancelled-child"));
        var client = await TwoNodeCluster.ConnectAsync(nodes.A);
        var taskQueue = $"parent-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(await TwoNodeCluster.ConnectAsync(nodes.B), new TemporalWorkerOptions(taskQueue)
            .AddWorkflow<ParentWorkflow>().AddWorkflow<ChildWorkflow>().AddWorkflow<WaitWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            using var timeout = new CancellationTokenSource(Patience);
            var rpc = new RpcOptions { CancellationToken = timeout.Token };
            var signalTarget = await client.StartWorkflowAsync((WaitWorkflow wf) => wf.RunAsync(), new WorkflowOptions(plan.SignalTargetId, taskQueue) { Rpc = rpc });
            var cancelTarget = await client.StartWorkflowAsync((WaitWorkflow wf) => wf.RunAsync(), new WorkflowOptions(plan.CancelTargetId, taskQueue) { Rpc = rpc });
            var parent = await client.StartWorkflowAsync((ParentWorkflow wf) => wf.RunAsync(plan), new WorkflowOptions(parentId, taskQueue) { Rpc = rpc });

            Assert.Equal(string.Join(",", plan.ChildIds.Select(id => $"child {id}")), await parent.GetResultAsync(rpcOptions: rpc));
            Assert.Equal($"signalled by {parentId}", await signalTarget.GetResultAsync(rpcOptions: rpc));
            Assert.Equal("cancelled", await cancelTarget.GetResultAsync(rpcOptions: rpc));
            foreach (var childId in plan.ChildIds)
            {
                var history = await client.GetWorkflowHandle(childId).FetchHistoryAsync(new WorkflowHistoryEventFetchOptions { Rpc = rpc });
                Assert.Equal(1, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionStarted));
                Assert.Equal(1, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionCompleted));
            }
            var parentHistory = await parent.FetchHistoryAsync(new WorkflowHistoryEventFetchOptions { Rpc = rpc });
            Assert.Equal(plan.ChildIds.Length + 2, parentHistory.Events.Count(e => e.EventType == EventType.ChildWorkflowExecutionStarted));
            Assert.Equal(plan.ChildIds.Length, parentHistory.Events.Count(e => e.EventType == EventType.ChildWorkflowExecutionCompleted));

            // The parent closed with two children still running, one under each policy that acts on them.
            Assert.Equal("cancelled", await client.GetWorkflowHandle<WaitWorkflow, string>(plan.CancelledChildId).GetResultAsync(rpcOptions: rpc));
            var terminated = client.GetWorkflowHandle(plan.TerminatedChildId);
            await nodes.Cluster.WaitForAsync(async () =>
                (await terminated.DescribeAsync(new WorkflowDescribeOptions { Rpc = rpc })).Status == WorkflowExecutionStatus.Terminated ? terminated : null,
                $"{plan.TerminatedChildId} terminated by its parent's close policy");
        });
    }

    [Fact]
    public async Task CrossShardCalls_ReplayedAsIfTheFirstAnswerWasLost_EachTakesEffectOnce()
    {
        // The transfer queue retries a call whose answer it did not get; the owner must not act twice.
        var childId = nodes.WorkflowIdOwnedBy(nodes.B, "replayed-child");
        var targetId = nodes.WorkflowIdOwnedBy(nodes.B, "replayed-target");
        var client = await TwoNodeCluster.ConnectAsync(nodes.A);
        var taskQueue = $"replay-{Guid.NewGuid():N}";
        using var rpc = new ClusterRpcClient(nodes.B);
        using var worker = new TemporalWorker(await TwoNodeCluster.ConnectAsync(nodes.B), new TemporalWorkerOptions(taskQueue)
            .AddWorkflow<ChildWorkflow>().AddWorkflow<WaitWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            using var timeout = new CancellationTokenSource(Patience);
            var options = new RpcOptions { CancellationToken = timeout.Token };
            var target = await client.StartWorkflowAsync((WaitWorkflow wf) => wf.RunAsync(), new WorkflowOptions(targetId, taskQueue) { Rpc = options });

            // A parent (it need not exist) starting a child, twice with the same initiated event.
            var startChild = new
            {
                ChildNamespaceId = nodes.NamespaceId,
                ChildWorkflowId = childId,
                InitiatedEvent = StartChildInitiated(childId, taskQueue).ToByteArray(),
                InitiatedEventId = 5L,
                ParentNamespaceId = nodes.NamespaceId,
                ParentNamespace = TwoNodeCluster.Namespace,
                ParentWorkflowId = $"absent-parent-{Guid.NewGuid():N}",
                ParentRunId = Guid.NewGuid(),
                RootWorkflowId = "absent-root",
                RootRunId = Guid.NewGuid().ToString(),
            };
            var first = await rpc.CallAsync("StartChild", startChild, timeout.Token);
            var second = await rpc.CallAsync("StartChild", startChild, timeout.Token);
            Assert.True(first.GetProperty("Started").GetBoolean(), first.ToString());
            Assert.Equal(first.GetProperty("RunId").GetString(), second.GetProperty("RunId").GetString());

            // A signal from another workflow, twice with the same request id.
            var signal = new
            {
                TargetNamespaceId = nodes.NamespaceId,
                TargetWorkflowId = targetId,
                InitiatedEvent = SignalInitiated(targetId).ToByteArray(),
                RequestId = Guid.NewGuid().ToString(),
            };
            Assert.Equal("Delivered", (await rpc.CallAsync("SignalExternal", signal, timeout.Token)).GetString());
            Assert.Equal("Delivered", (await rpc.CallAsync("SignalExternal", signal, timeout.Token)).GetString());

            Assert.Equal("child replayed", await client.GetWorkflowHandle<ChildWorkflow, string>(childId).GetResultAsync(rpcOptions: options));
            var child = await client.GetWorkflowHandle(childId).DescribeAsync(new WorkflowDescribeOptions { Rpc = options });
            Assert.Equal(first.GetProperty("RunId").GetString(), child.RunId);
            Assert.Equal("replayed signal", await target.GetResultAsync(rpcOptions: options));
            var history = await target.FetchHistoryAsync(new WorkflowHistoryEventFetchOptions { Rpc = options });
            Assert.Equal(1, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
        });
    }

    [Fact]
    public async Task QueryWorkflow_ShardOwnerAndTaskQueueOwnerDiffer_WorkerAnswersTheQuery()
    {
        // The workflow's shard is on A, its task queue's matching on B; the client talks to B.
        var workflowId = nodes.WorkflowIdOwnedBy(nodes.A, "queried");
        var taskQueue = nodes.TaskQueueOwnedBy(nodes.B, "query");
        var client = await TwoNodeCluster.ConnectAsync(nodes.B);
        using var worker = new TemporalWorker(await TwoNodeCluster.ConnectAsync(nodes.A), new TemporalWorkerOptions(taskQueue).AddWorkflow<WaitWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            using var timeout = new CancellationTokenSource(Patience);
            var rpc = new RpcOptions { CancellationToken = timeout.Token };
            var handle = await client.StartWorkflowAsync((WaitWorkflow wf) => wf.RunAsync(), new WorkflowOptions(workflowId, taskQueue) { Rpc = rpc });

            Assert.Equal("first: waiting", await handle.QueryAsync(wf => wf.Status("first"), new WorkflowQueryOptions { Rpc = rpc }));
            await handle.SignalAsync(wf => wf.ReleaseAsync("done"), new WorkflowSignalOptions { Rpc = rpc });
            Assert.Equal("done", await handle.GetResultAsync(rpcOptions: rpc));
            Assert.Equal("second: released", await handle.QueryAsync(wf => wf.Status("second"), new WorkflowQueryOptions { Rpc = rpc }));
        });
    }

    [Fact]
    public async Task StartWorkflow_EagerThroughANodeThatDoesNotOwnTheShard_TheWorkerGetsTheFirstTaskInTheForwardedResponse()
    {
        // The client and its worker talk to A; the workflow's shard is on B, so A forwards the start.
        var workflowId = nodes.WorkflowIdOwnedBy(nodes.B, "eager");
        var taskQueue = $"eager-{Guid.NewGuid():N}";
        var client = await TwoNodeCluster.ConnectAsync(nodes.A);
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<WaitWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            using var timeout = new CancellationTokenSource(Patience);
            var rpc = new RpcOptions { CancellationToken = timeout.Token };
            var handle = await client.StartWorkflowAsync((WaitWorkflow wf) => wf.RunAsync(),
                new WorkflowOptions(workflowId, taskQueue) { RequestEagerStart = true, Rpc = rpc });
            await handle.SignalAsync(wf => wf.ReleaseAsync("eager"), new WorkflowSignalOptions { Rpc = rpc });

            Assert.Equal("eager", await handle.GetResultAsync(rpcOptions: rpc));
            var events = (await handle.FetchHistoryAsync(new WorkflowHistoryEventFetchOptions { Rpc = rpc })).Events.ToList();
            Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted], events.Take(3).Select(e => e.EventType));
            // Started in the start's own write (one time for the whole write), not later by a poll after matching.
            Assert.Equal(events[0].EventTime, events[2].EventTime);
        });
    }

    [Fact]
    public async Task UpdateWorkflow_ThroughANodeThatDoesNotOwnTheShard_UpdatesRejectionsPollsAndUpdateWithStartReachTheOwner()
    {
        // The client talks to A only; the workflow's shard is on B, so A forwards every update call.
        var workflowId = nodes.WorkflowIdOwnedBy(nodes.B, "updated");
        var taskQueue = $"update-{Guid.NewGuid():N}";
        var client = await TwoNodeCluster.ConnectAsync(nodes.A);
        using var worker = new TemporalWorker(await TwoNodeCluster.ConnectAsync(nodes.B), new TemporalWorkerOptions(taskQueue).AddWorkflow<CounterWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            using var timeout = new CancellationTokenSource(Patience);
            var rpc = new RpcOptions { CancellationToken = timeout.Token };
            var start = WithStartWorkflowOperation.Create((CounterWorkflow wf) => wf.RunAsync(),
                new WorkflowOptions(workflowId, taskQueue) { IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting });
            var first = await client.ExecuteUpdateWithStartWorkflowAsync((CounterWorkflow wf) => wf.AddAsync("first"), new WorkflowUpdateWithStartOptions(start) { Rpc = rpc });
            var handle = await start.GetHandleAsync();
            var second = await handle.ExecuteUpdateAsync(wf => wf.AddAsync("second"), new WorkflowUpdateOptions { Rpc = rpc });
            var rejected = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.AddAsync("bad"), new WorkflowUpdateOptions { Rpc = rpc }));
            var held = await handle.StartUpdateAsync(wf => wf.WaitForReleaseAsync("third"), new WorkflowUpdateStartOptions(WorkflowUpdateStage.Accepted) { Rpc = rpc });
            await handle.SignalAsync(wf => wf.ReleaseAsync("third"), new WorkflowSignalOptions { Rpc = rpc });
            var third = await held.GetResultAsync(rpc);
            await handle.SignalAsync(wf => wf.FinishAsync(), new WorkflowSignalOptions { Rpc = rpc });

            Assert.Equal(1, first);
            Assert.Equal(2, second);
            Assert.Equal("BadItem", Assert.IsType<ApplicationFailureException>(rejected.InnerException).ErrorType);
            Assert.Equal("released third", third);
            Assert.Equal("first,second,third", await handle.GetResultAsync<string>(rpcOptions: rpc));
        });
    }

    [Fact]
    public async Task UpdateWorkflow_TypeScriptSdkThroughANodeThatDoesNotOwnTheShard_UpdatesRejectionsPollsAndUpdateWithStartReachTheOwner()
    {
        // The same steps with the TypeScript SDK: its client on A, its worker on B, the workflow's shard on B.
        var run = await TypeScriptClusterCase.RunAsync("updates", new Dictionary<string, string>
        {
            ["FENCEPOST_ADDRESS"] = nodes.A.FrontendTarget,
            ["FENCEPOST_WORKER_ADDRESS"] = nodes.B.FrontendTarget,
            ["FENCEPOST_WORKFLOW_ID"] = nodes.WorkflowIdOwnedBy(nodes.B, "ts-updated"),
        }, TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, $"The TypeScript cluster case failed (exit code {run.ExitCode}):\n{run.Output}");
        Assert.Contains("pass 1", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateNamespace_OnOneNode_TheOtherNodeDescribesTheNewVersionWithinItsRefreshInterval()
    {
        var name = $"ns-{Guid.NewGuid():N}";
        var onA = await TwoNodeCluster.ConnectAsync(nodes.A);
        var onB = await TwoNodeCluster.ConnectAsync(nodes.B);
        await onA.WorkflowService.RegisterNamespaceAsync(new RegisterNamespaceRequest
        {
            Namespace = name,
            Description = "first",
            WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromDays(1)),
        });
        // B reads (and caches) the first version before A changes it.
        var cached = await onB.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = name });
        Assert.Equal("first", cached.NamespaceInfo.Description);

        await onA.WorkflowService.UpdateNamespaceAsync(new UpdateNamespaceRequest
        {
            Namespace = name,
            UpdateInfo = new UpdateNamespaceInfo { Description = "second" },
            Config = new NamespaceConfig { WorkflowExecutionRetentionTtl = Duration.FromTimeSpan(TimeSpan.FromDays(3)) },
        });

        var seen = await nodes.Cluster.WaitForAsync(async () =>
        {
            var described = await onB.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = name });
            return described.NamespaceInfo.Description == "second" ? described : null;
        }, $"{nodes.B.HostId} describing the namespace {nodes.A.HostId} updated", TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromDays(3), seen.Config.WorkflowExecutionRetentionTtl.ToTimeSpan());
    }

    [Fact]
    public async Task InternalListener_NodeWithoutConsoleRole_ServesClusterStateButNoConsoleRoutes()
    {
        foreach (var node in (NodeProcess[])[nodes.A, nodes.B])
        {
            Assert.Equal(HttpStatusCode.OK, await node.StatusOfAsync(HttpMethod.Get, "/cluster/state"));
            // Metrics and probes live on the node's HTTP/1.1 port; each listener serves only its own routes.
            Assert.Equal(HttpStatusCode.NotFound, await node.StatusOfAsync(HttpMethod.Get, "/metrics"));
            Assert.Equal(HttpStatusCode.OK, await node.HttpStatusAsync("/metrics"));
            Assert.Equal(HttpStatusCode.NotFound, await node.StatusOfAsync(HttpMethod.Get, "/"));
            Assert.Equal(HttpStatusCode.NotFound, await node.StatusOfAsync(HttpMethod.Get, "/signin"));
            // The dynamic config hub (SignalR): negotiating is the first request any client makes.
            Assert.Equal(HttpStatusCode.NotFound, await node.StatusOfAsync(HttpMethod.Post, "/hubs/dynamic-config/negotiate?negotiateVersion=1"));
        }
    }

    private HistoryEvent StartChildInitiated(string childId, string taskQueue) => new()
    {
        EventId = 5,
        EventType = EventType.StartChildWorkflowExecutionInitiated,
        StartChildWorkflowExecutionInitiatedEventAttributes = new StartChildWorkflowExecutionInitiatedEventAttributes
        {
            Namespace = TwoNodeCluster.Namespace,
            NamespaceId = nodes.NamespaceId.ToString(),
            WorkflowId = childId,
            WorkflowType = new WorkflowType { Name = "ChildWorkflow" },
            TaskQueue = new TaskQueue { Name = taskQueue },
            Input = JsonPayloads("replayed"),
            WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
        },
    };

    private HistoryEvent SignalInitiated(string targetId) => new()
    {
        EventId = 5,
        EventType = EventType.SignalExternalWorkflowExecutionInitiated,
        SignalExternalWorkflowExecutionInitiatedEventAttributes = new SignalExternalWorkflowExecutionInitiatedEventAttributes
        {
            Namespace = TwoNodeCluster.Namespace,
            NamespaceId = nodes.NamespaceId.ToString(),
            WorkflowExecution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = targetId },
            SignalName = "Release",
            Input = JsonPayloads("replayed signal"),
        },
    };

    /// <summary>One string argument as the SDK's default converter encodes it.</summary>
    private static Payloads JsonPayloads(string text) => new()
    {
        Payloads_ = { new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFromUtf8($"\"{text}\"") } },
    };
}
