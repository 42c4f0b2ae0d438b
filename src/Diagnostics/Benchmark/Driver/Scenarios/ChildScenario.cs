using Fencepost.Diagnostics.Benchmark.Driver.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Diagnostics.Benchmark.Driver.Scenarios;

/// <summary>A parent that runs one child workflow (which runs one activity).</summary>
public sealed class ChildScenario : IBenchmarkScenario
{
    public string Name => "child";

    public string Description => "a parent that runs one child workflow, which runs one activity";

    public void Register(TemporalWorkerOptions worker) =>
        worker.AddWorkflow<ChildBenchWorkflow>().AddWorkflow<SimpleBenchWorkflow>().AddAllActivities(typeof(BenchActivities), null);

    public async Task ExecuteAsync(ITemporalClient client, string workflowId, string taskQueue, Action onStarted, CancellationToken cancellationToken)
    {
        var rpc = new RpcOptions { CancellationToken = cancellationToken };
        var handle = await client.StartWorkflowAsync(
            (ChildBenchWorkflow wf) => wf.RunAsync(workflowId),
            new WorkflowOptions(workflowId, taskQueue) { Rpc = rpc });
        onStarted();
        await handle.GetResultAsync(rpcOptions: rpc);
    }
}
