using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Moves payloads of a given size through a workflow's result, an activity's result or two activities' inputs.</summary>
[Workflow]
public class PayloadWorkflow
{
    private static readonly ActivityOptions Options = new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) };

    [WorkflowRun]
    public async Task<string> RunAsync(string mode, int characters)
    {
        switch (mode)
        {
            case "result":
                return new string('x', characters);
            case "activity-result":
                try
                {
                    var made = await Workflow.ExecuteActivityAsync(() => PayloadActivities.Make(characters), Options);
                    return $"made {made.Length}";
                }
                catch (ActivityFailureException failure)
                {
                    return $"activity failed: {failure.InnerException?.Message}";
                }
            default:
                // Two inputs that fit one by one but not together in the run's state.
                var input = new string('x', characters);
                var lengths = await Task.WhenAll(
                    Workflow.ExecuteActivityAsync(() => PayloadActivities.Measure(input), Options),
                    Workflow.ExecuteActivityAsync(() => PayloadActivities.Measure(input), Options));
                return $"measured {lengths.Sum()}";
        }
    }
}
