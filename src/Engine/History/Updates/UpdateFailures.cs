using Temporalio.Api.Failure.V1;

namespace Fencepost.Engine.History.Updates;

/// <summary>Update outcomes the server writes on the workflow's behalf (Temporal's failure types, which the SDKs surface as application failures).</summary>
internal static class UpdateFailures
{
    /// <summary>The outcome of an accepted update whose run closed before the update completed.</summary>
    public static Failure AcceptedUpdateCompletedWorkflow() => Server(
        "Workflow Update failed because the Workflow completed before the Update completed.", "AcceptedUpdateCompletedWorkflow");

    /// <summary>An update sent on a workflow task the worker completed without accepting or rejecting it (an SDK that does not know updates).</summary>
    public static Failure Unprocessed() => Server(
        "Workflow Update is rejected because it wasn't processed by worker. Probably, Workflow Update is not supported by the worker.", "UnprocessedUpdate");

    private static Failure Server(string message, string type) => new()
    {
        Message = message,
        Source = "Server",
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = type, NonRetryable = true },
    };
}
