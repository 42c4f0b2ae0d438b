using System.Collections.Concurrent;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Fails its first workflow tasks (a bug in workflow code), then succeeds.</summary>
[Workflow]
public class FlakyWorkflow
{
    /// <summary>Workflow task attempts seen per workflow id (the test process is the worker).</summary>
    public static readonly ConcurrentDictionary<string, int> Attempts = new();

    [WorkflowRun]
    public Task<string> RunAsync(int failures)
    {
        var seen = Attempts.AddOrUpdate(Workflow.Info.WorkflowId, 1, (_, n) => n + 1);
        if (seen <= failures)
        {
            throw new InvalidOperationException($"workflow task attempt {seen} fails");
        }
        return Task.FromResult($"ok after {seen}");
    }
}
