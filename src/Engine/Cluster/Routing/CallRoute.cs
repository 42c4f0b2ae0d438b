namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// What decides where a WorkflowService call is served: a workflow (by namespace name and
/// workflow id, or by a task token that names the workflow), a task queue, or nothing (served
/// by whichever node received it: namespaces, visibility, system calls read the shared store).
/// </summary>
internal readonly record struct CallRoute(CallRouteKind Kind, string Namespace, string Key, byte[]? TaskToken)
{
    public static CallRoute Local { get; } = new(CallRouteKind.Local, "", "", null);

    public static CallRoute Workflow(string ns, string workflowId) => new(CallRouteKind.Workflow, ns, workflowId, null);

    public static CallRoute Token(byte[] token) => new(CallRouteKind.TaskToken, "", "", token);

    public static CallRoute TaskQueue(string ns, string taskQueue) => new(CallRouteKind.TaskQueue, ns, taskQueue, null);
}
