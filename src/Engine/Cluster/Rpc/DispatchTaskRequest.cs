using Fencepost.Engine.Matching;

namespace Fencepost.Engine.Cluster.Rpc;

/// <summary>History to matching: add this task to the task queue the receiving node owns.</summary>
internal sealed record DispatchTaskRequest(Guid NamespaceId, string NamespaceName, string TaskQueue, int TaskType, MatchingTaskData Data);
