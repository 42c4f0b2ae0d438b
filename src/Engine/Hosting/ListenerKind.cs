namespace Fencepost.Engine.Hosting;

/// <summary>Which requests a listener marked by <see cref="ListenerRoutes.Mark"/> serves.</summary>
public enum ListenerKind
{
    /// <summary>The SDK port: gRPC calls (and the health probes) only.</summary>
    Frontend,

    /// <summary>The peers' port: gRPC calls, <c>/cluster/state</c> and the health probes.</summary>
    Internal,
}
