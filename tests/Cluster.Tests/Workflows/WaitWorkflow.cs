using Temporalio.Workflows;

namespace Fencepost.Cluster.Tests.Workflows;

/// <summary>Waits until it is signalled (returns the signal's text) or cancelled (returns "cancelled"); answers a query meanwhile.</summary>
[Workflow]
public class WaitWorkflow
{
    private string? _released;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        try
        {
            await Workflow.WaitConditionAsync(() => _released is not null);
            return _released!;
        }
        catch (OperationCanceledException)
        {
            return "cancelled";
        }
    }

    [WorkflowSignal]
    public Task ReleaseAsync(string text)
    {
        _released = text;
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public string Status(string asker) => $"{asker}: {(_released is null ? "waiting" : "released")}";
}
