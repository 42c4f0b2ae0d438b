using Google.Protobuf;
using Grpc.Core;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// Decides, before a WorkflowService call is served, whether another node must serve it (the
/// owner of the workflow's shard or of the task queue) and proxies it there.
/// </summary>
internal interface IWorkflowServiceForwarder
{
    /// <summary>The owner's response when the call was forwarded; null when this node serves it.</summary>
    ValueTask<IMessage?> ForwardAsync(string methodName, IMessage request, ServerCallContext context);
}
