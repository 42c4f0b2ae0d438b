using Fencepost.Benchmarks.Driver.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Benchmarks.Driver.Scenarios;

/// <summary>The published 150 wf/s benchmark (docs/benchmarks.md): a workflow that runs one activity and returns.</summary>
public sealed class SimpleScenario : IBenchmarkScenario
{
    public string Name => "simple";

    public string Description => "one activity, then complete (the benchmark Temporal's published DSQL study ran at 150 wf/s)";

    public void Register(TemporalWorkerOptions worker) =>
        worker.AddWorkflow<SimpleBenchWorkflow>().AddAllActivities(typeof(BenchActivities), null);

    public async Task ExecuteAsync(ITemporalClient client, WorkflowOptions start, Action onStarted)
    {
        ArgumentNullException.ThrowIfNull(start);
        var workflowId = start.Id!;
        var rpc = start.Rpc;
        var handle = await client.StartWorkflowAsync(
            (SimpleBenchWorkflow wf) => wf.RunAsync(workflowId),
            start);
        onStarted();
        await handle.GetResultAsync(rpcOptions: rpc);
    }
}
