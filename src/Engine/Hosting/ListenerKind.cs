namespace Fencepost.Engine.Hosting;

/// <summary>Which requests a listener marked by <see cref="ListenerRoutes.Mark"/> serves.</summary>
public enum ListenerKind
{
    /// <summary>The SDK port: gRPC calls only.</summary>
    Frontend,

    /// <summary>The peers' port: gRPC calls and <c>/cluster/state</c>.</summary>
    Internal,
}
