using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Updates;

/// <summary>
/// Collects items through updates until finished; a validator rejects "bad" and empty items, one
/// update fails after acceptance, one waits for a signal, one runs an activity. The result lists
/// every item the workflow accepted, so a test can check none was lost.
/// </summary>
[Workflow]
public class UpdateWorkflow
{
    private readonly List<string> _items = [];
    private readonly HashSet<string> _released = [];
    private bool _finished;
    private bool _abandoned;

    /// <summary>Holds an activity open first when <paramref name="holdActivity"/>, so updates arrive while it runs.</summary>
    [WorkflowRun]
    public async Task<string> RunAsync(bool holdActivity)
    {
        if (holdActivity)
        {
            _items.Add(await Workflow.ExecuteActivityAsync(() => UpdateActivities.HoldAsync(),
                new ActivityOptions { StartToCloseTimeout = TimeSpan.FromMinutes(2) }));
        }
        await Workflow.WaitConditionAsync(() => (_finished && Workflow.AllHandlersFinished) || _abandoned);
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
        if (string.IsNullOrEmpty(item) || item == "bad")
        {
            throw new ApplicationFailureException($"item '{item}' is not accepted", errorType: "BadItem");
        }
    }

    /// <summary>Accepted, then fails in its handler.</summary>
    [WorkflowUpdate]
    public Task<string> BreakAsync(string message) => throw new ApplicationFailureException(message, errorType: "HandlerBroke");

    /// <summary>Accepted at once; completes when the <see cref="ReleaseAsync"/> signal names <paramref name="key"/>.</summary>
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

    /// <summary>Completes the workflow at once, leaving any update still running unfinished.</summary>
    [WorkflowSignal]
    public Task AbandonAsync()
    {
        _abandoned = true;
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public string Items => string.Join(",", _items);
}
