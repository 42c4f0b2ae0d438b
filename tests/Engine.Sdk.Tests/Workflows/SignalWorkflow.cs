using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Workflows;

/// <summary>Collects signals until "done" arrives; its state is queryable.</summary>
[Workflow]
public class SignalWorkflow
{
    private readonly List<string> _received = [];

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => _received.Contains("done"));
        return string.Join(",", _received);
    }

    [WorkflowSignal]
    public Task AddAsync(string value)
    {
        _received.Add(value);
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public string Received => string.Join(",", _received);
}
