using Temporalio.Workflows;

namespace Fencepost.Benchmarks.Driver.Workflows;

/// <summary>Schedules <c>width</c> activities at once and waits for all of them.</summary>
[Workflow("fencepost-bench-fanout")]
public class FanoutBenchWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int width)
    {
        var activities = Enumerable.Range(0, width)
            .Select(i => Workflow.ExecuteActivityAsync(() => BenchActivities.Echo(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), BenchActivityOptions.Default))
            .ToList();
        var results = await Workflow.WhenAllAsync(activities);
        return results.Length;
    }
}
