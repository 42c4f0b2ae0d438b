using Fencepost.Diagnostics.Benchmark.Driver.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Diagnostics.Benchmark.Driver.Scenarios;

/// <summary>A workflow that schedules <see cref="Width"/> activities in parallel and waits for all.</summary>
public sealed class FanoutScenario : IBenchmarkScenario
{
    public const int DefaultWidth = 10;

    public FanoutScenario(int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Width = width;
    }

    public int Width { get; }

    public string Name => "fanout";

    public string Description => $"{Width} activities in parallel, then complete";

    public void Register(TemporalWorkerOptions worker) =>
        worker.AddWorkflow<FanoutBenchWorkflow>().AddAllActivities(typeof(BenchActivities), null);

    public async Task ExecuteAsync(ITemporalClient client, string workflowId, string taskQueue, Action onStarted, CancellationToken cancellationToken)
    {
        var rpc = new RpcOptions { CancellationToken = cancellationToken };
        var handle = await client.StartWorkflowAsync(
            (FanoutBenchWorkflow wf) => wf.RunAsync(Width),
            new WorkflowOptions(workflowId, taskQueue) { Rpc = rpc });
        onStarted();
        var completed = await handle.GetResultAsync(rpcOptions: rpc);
        if (completed != Width)
        {
            throw new InvalidOperationException($"Workflow {workflowId} completed {completed} of {Width} activities.");
        }
    }
}
