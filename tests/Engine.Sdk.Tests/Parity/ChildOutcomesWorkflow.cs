using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Fencepost.Engine.Sdk.Tests.Parity;

/// <summary>A child that fails, or one the parent cancels: returns what the parent saw.</summary>
[Workflow]
public class ChildOutcomesWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string outcome)
    {
        var childId = $"{Workflow.Info.WorkflowId}-child";
        if (outcome == "fail")
        {
            try
            {
                await Workflow.ExecuteChildWorkflowAsync((FailingChildWorkflow wf) => wf.RunAsync("child gave up"), new ChildWorkflowOptions { Id = childId });
                return "completed";
            }
            catch (ChildWorkflowFailureException failure) when (failure.InnerException is ApplicationFailureException cause)
            {
                return $"{cause.ErrorType}: {cause.Message}";
            }
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        var child = await Workflow.StartChildWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new ChildWorkflowOptions { Id = childId, CancellationToken = cancel.Token });
        // Cancel() (not CancelAsync) keeps the continuation on the workflow scheduler.
#pragma warning disable CA1849
        cancel.Cancel();
#pragma warning restore CA1849
        try
        {
            await child.GetResultAsync();
            return "completed";
        }
        catch (ChildWorkflowFailureException failure) when (failure.InnerException is CanceledFailureException)
        {
            return "cancelled";
        }
    }
}
