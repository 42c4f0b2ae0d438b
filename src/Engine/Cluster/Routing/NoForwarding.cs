using Google.Protobuf;
using Grpc.Core;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>A single-host engine serves every call itself.</summary>
internal sealed class NoForwarding : IWorkflowServiceForwarder
{
    public ValueTask<IMessage?> ForwardAsync(string methodName, IMessage request, ServerCallContext context) => ValueTask.FromResult<IMessage?>(null);
}
