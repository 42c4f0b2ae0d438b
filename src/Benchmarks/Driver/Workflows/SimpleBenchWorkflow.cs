using Temporalio.Workflows;

namespace Fencepost.Benchmarks.Driver.Workflows;

/// <summary>The simple benchmark's workflow: run one activity and return its result (the shape of the public DSQL plugin's 150 wf/s benchmark, see docs/benchmarks.md).</summary>
[Workflow("fencepost-bench-simple")]
public class SimpleBenchWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string input) =>
        Workflow.ExecuteActivityAsync(() => BenchActivities.Echo(input), BenchActivityOptions.Default);
}
