using Temporalio.Workflows;

namespace Fencepost.Benchmarks.Driver.Workflows;

/// <summary>Waits for the driver's signal and returns what it carried: one signal round trip.</summary>
[Workflow("fencepost-bench-signal")]
public class SignalBenchWorkflow
{
    private string? _received;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => _received is not null);
        return _received!;
    }

    [WorkflowSignal("proceed")]
    public Task ProceedAsync(string value)
    {
        _received = value;
        return Task.CompletedTask;
    }
}
