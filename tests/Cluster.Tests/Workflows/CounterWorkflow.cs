using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Cluster.Tests.Workflows;

/// <summary>Counts items added by update (a validator refuses "bad"); one update waits for a signal; a signal finishes it.</summary>
[Workflow]
public class CounterWorkflow
{
    private readonly List<string> _items = [];
    private readonly HashSet<string> _released = [];
    private bool _finished;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => _finished && Workflow.AllHandlersFinished);
        return string.Join(",", _items);
    }

    [WorkflowUpdate]
    public Task<int> AddAsync(string item)
    {
        _items.Add(item);
        return Task.FromResult(_items.Count);
    }

    [WorkflowUpdateValidator(nameof(AddAsync))]
    public void ValidateAdd(string item)
    {
        if (item == "bad")
        {
            throw new ApplicationFailureException("bad items are refused", errorType: "BadItem");
        }
    }

    [WorkflowUpdate]
    public async Task<string> WaitForReleaseAsync(string key)
    {
        await Workflow.WaitConditionAsync(() => _released.Contains(key));
        _items.Add(key);
        return $"released {key}";
    }

    [WorkflowSignal]
    public Task ReleaseAsync(string key)
    {
        _released.Add(key);
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _finished = true;
        return Task.CompletedTask;
    }
}
