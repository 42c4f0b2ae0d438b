using Fencepost.Engine.Errors;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>Checks and completes an UpdateWorkflowExecution request the way Temporal's frontend does.</summary>
internal static class UpdateRequests
{
    /// <summary>Validates <paramref name="request"/>, fills a missing update id and wait stage, and returns the stage to wait for.</summary>
    public static UpdateWorkflowExecutionLifecycleStage Prepare(UpdateWorkflowExecutionRequest request)
    {
        RequestValidator.WorkflowId(request.WorkflowExecution?.WorkflowId ?? "");
        if (request.Request?.Meta is not { } meta)
        {
            throw ServiceErrorException.InvalidArgument("Update meta is not set on request.");
        }
        if (string.IsNullOrEmpty(meta.UpdateId))
        {
            meta.UpdateId = Guid.NewGuid().ToString();
        }
        if (request.Request.Input is not { } input)
        {
            throw ServiceErrorException.InvalidArgument("Update input is not set on request.");
        }
        RequestValidator.Name(input.Name, "Update name");
        RequestValidator.Blob(input.Args, "Update input");
        RequestValidator.Blob(input.Header, "Update header");
        request.WaitPolicy ??= new WaitPolicy();
        if (request.WaitPolicy.LifecycleStage == UpdateWorkflowExecutionLifecycleStage.Unspecified)
        {
            // Temporal's default: wait until the workflow accepted or rejected the update.
            request.WaitPolicy.LifecycleStage = UpdateWorkflowExecutionLifecycleStage.Accepted;
        }
        return request.WaitPolicy.LifecycleStage;
    }
}
