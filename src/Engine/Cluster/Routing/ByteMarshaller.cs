using Grpc.Core;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>Raw bytes on the wire: forwarded calls carry the original message bytes, internal calls their own encoding.</summary>
internal static class ByteMarshaller
{
    public static Marshaller<byte[]> Instance { get; } = Marshallers.Create(bytes => bytes, bytes => bytes);
}
