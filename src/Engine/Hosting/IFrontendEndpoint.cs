namespace Fencepost.Engine.Hosting;

/// <summary>Where the Temporal frontend listens, known once the server has started (port 0 picks a free one).</summary>
public interface IFrontendEndpoint
{
    /// <summary>http://address:port of the frontend; throws before the server started.</summary>
    Uri Address { get; }

    /// <summary>host:port for this process's own clients: the SDKs' port, or with TLS on it, the plaintext loopback port kept for them.</summary>
    string Target { get; }

    /// <summary>host:port of the port SDKs connect to (with TLS when it is on).</summary>
    string PublicTarget { get; }

    /// <summary>Completes with the address once the server is listening.</summary>
    Task<Uri> WhenReady { get; }
}
