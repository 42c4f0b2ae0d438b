using Temporalio.Workflows;

namespace Fencepost.Benchmarks.Driver.Workflows;

/// <summary>Starts one child workflow (which runs an activity) and returns the child's result.</summary>
[Workflow("fencepost-bench-child")]
public class ChildBenchWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string input) =>
        Workflow.ExecuteChildWorkflowAsync(
            (SimpleBenchWorkflow child) => child.RunAsync(input),
            new ChildWorkflowOptions { Id = $"{Workflow.Info.WorkflowId}-child" });
}
