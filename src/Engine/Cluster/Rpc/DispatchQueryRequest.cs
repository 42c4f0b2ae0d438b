namespace Fencepost.Engine.Cluster.Rpc;

/// <summary>
/// History to matching: offer this query task (built by the workflow's history node) to the
/// pollers of a task queue the receiving node owns, until the caller stops waiting for the answer.
/// </summary>
internal sealed record DispatchQueryRequest(Guid QueryId, Guid NamespaceId, string NamespaceName, string TaskQueue, string WorkflowId, Guid RunId, byte[] QueryTask);
