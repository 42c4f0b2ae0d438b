using Fencepost.Benchmarks.Driver.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Benchmarks.Driver.Scenarios;

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

    public async Task ExecuteAsync(ITemporalClient client, WorkflowOptions start, Action onStarted)
    {
        ArgumentNullException.ThrowIfNull(start);
        var handle = await client.StartWorkflowAsync(
            (FanoutBenchWorkflow wf) => wf.RunAsync(Width),
            start);
        onStarted();
        var completed = await handle.GetResultAsync(rpcOptions: start.Rpc);
        if (completed != Width)
        {
            throw new InvalidOperationException($"Workflow {start.Id} completed {completed} of {Width} activities.");
        }
    }
}
