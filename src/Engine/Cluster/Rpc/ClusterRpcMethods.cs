using Fencepost.Engine.Cluster.Routing;
using Grpc.Core;

namespace Fencepost.Engine.Cluster.Rpc;

/// <summary>
/// The node-to-node calls that are not WorkflowService calls, as one small gRPC service with
/// byte marshallers (JSON requests, protobuf or JSON responses): no protoc step, and both ends are this code.
/// </summary>
internal static class ClusterRpcMethods
{
    public const string ServiceName = "fencepost.cluster.v1.ClusterRpc";

    public static Method<byte[], byte[]> DispatchTask { get; } = Unary("DispatchTask");

    public static Method<byte[], byte[]> RecordTaskStarted { get; } = Unary("RecordTaskStarted");

    public static Method<byte[], byte[]> DispatchQuery { get; } = Unary("DispatchQuery");

    public static Method<byte[], byte[]> StartChild { get; } = Unary("StartChild");

    public static Method<byte[], byte[]> RecordChildClosed { get; } = Unary("RecordChildClosed");

    public static Method<byte[], byte[]> SignalExternal { get; } = Unary("SignalExternal");

    public static Method<byte[], byte[]> RequestCancelExternal { get; } = Unary("RequestCancelExternal");

    public static Method<byte[], byte[]> ApplyParentClosePolicy { get; } = Unary("ApplyParentClosePolicy");

    public static Method<byte[], byte[]> StartScheduled { get; } = Unary("StartScheduled");

    public static Method<byte[], byte[]> StopScheduledRun { get; } = Unary("StopScheduledRun");

    public static Method<byte[], byte[]> RecordScheduledRunClosed { get; } = Unary("RecordScheduledRunClosed");

    private static Method<byte[], byte[]> Unary(string name) =>
        new(MethodType.Unary, ServiceName, name, ByteMarshaller.Instance, ByteMarshaller.Instance);
}
