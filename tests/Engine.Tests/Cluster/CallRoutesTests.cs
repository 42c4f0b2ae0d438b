using Fencepost.Engine.Cluster.Routing;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Tests.Cluster;

/// <summary>Update calls name their workflow in fields of their own; each routes to the workflow's shard owner like a signal.</summary>
public class CallRoutesTests
{
    [Fact]
    public void Of_UpdateWorkflowExecution_RoutesByTheWorkflowExecution()
    {
        var route = CallRoutes.Of("UpdateWorkflowExecution", new UpdateWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new WorkflowExecution { WorkflowId = "wf-1" },
        });

        Assert.Equal(CallRoute.Workflow("default", "wf-1"), route);
    }

    [Fact]
    public void Of_PollWorkflowExecutionUpdate_RoutesByTheUpdateRefsWorkflow()
    {
        var route = CallRoutes.Of("PollWorkflowExecutionUpdate", new PollWorkflowExecutionUpdateRequest
        {
            Namespace = "default",
            UpdateRef = new UpdateRef { WorkflowExecution = new WorkflowExecution { WorkflowId = "wf-2" }, UpdateId = "u" },
        });

        Assert.Equal(CallRoute.Workflow("default", "wf-2"), route);
    }

    [Fact]
    public void Of_ExecuteMultiOperation_RoutesByTheStartedWorkflow()
    {
        var request = new ExecuteMultiOperationRequest { Namespace = "default" };
        request.Operations.Add(new ExecuteMultiOperationRequest.Types.Operation { StartWorkflow = new StartWorkflowExecutionRequest { WorkflowId = "wf-3" } });
        request.Operations.Add(new ExecuteMultiOperationRequest.Types.Operation { UpdateWorkflow = new UpdateWorkflowExecutionRequest() });

        Assert.Equal(CallRoute.Workflow("default", "wf-3"), CallRoutes.Of("ExecuteMultiOperation", request));
    }
}
