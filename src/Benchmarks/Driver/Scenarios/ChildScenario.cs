using Fencepost.Benchmarks.Driver.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Benchmarks.Driver.Scenarios;

/// <summary>A parent that runs one child workflow (which runs one activity).</summary>
public sealed class ChildScenario : IBenchmarkScenario
{
    public string Name => "child";

    public string Description => "a parent that runs one child workflow, which runs one activity";

    public void Register(TemporalWorkerOptions worker) =>
        worker.AddWorkflow<ChildBenchWorkflow>().AddWorkflow<SimpleBenchWorkflow>().AddAllActivities(typeof(BenchActivities), null);

    public async Task ExecuteAsync(ITemporalClient client, WorkflowOptions start, Action onStarted)
    {
        ArgumentNullException.ThrowIfNull(start);
        var workflowId = start.Id!;
        var rpc = start.Rpc;
        var handle = await client.StartWorkflowAsync(
            (ChildBenchWorkflow wf) => wf.RunAsync(workflowId),
            start);
        onStarted();
        await handle.GetResultAsync(rpcOptions: rpc);
    }
}
