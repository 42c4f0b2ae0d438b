using Temporalio.Workflows;

namespace Fencepost.Diagnostics.Benchmark.Driver.Workflows;

/// <summary>The design note's benchmark workflow: run one activity and return its result.</summary>
[Workflow("fencepost-bench-simple")]
public class SimpleBenchWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string input) =>
        Workflow.ExecuteActivityAsync(() => BenchActivities.Echo(input), BenchActivityOptions.Default);
}
