using Fencepost.Benchmarks.Driver.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Benchmarks.Driver.Scenarios;

/// <summary>Signal round trip: the workflow waits for a signal the driver sends right after the start.</summary>
public sealed class SignalScenario : IBenchmarkScenario
{
    public string Name => "signal";

    public string Description => "start, signal from the driver, the workflow returns the signal's value";

    public void Register(TemporalWorkerOptions worker) => worker.AddWorkflow<SignalBenchWorkflow>();

    public async Task ExecuteAsync(ITemporalClient client, WorkflowOptions start, Action onStarted)
    {
        ArgumentNullException.ThrowIfNull(start);
        var workflowId = start.Id!;
        var rpc = start.Rpc;
        var handle = await client.StartWorkflowAsync(
            (SignalBenchWorkflow wf) => wf.RunAsync(),
            start);
        onStarted();
        await handle.SignalAsync(wf => wf.ProceedAsync(workflowId), new WorkflowSignalOptions { Rpc = rpc });
        var echoed = await handle.GetResultAsync(rpcOptions: rpc);
        if (echoed != workflowId)
        {
            throw new InvalidOperationException($"Workflow {workflowId} returned \"{echoed}\" instead of the signalled value.");
        }
    }
}
