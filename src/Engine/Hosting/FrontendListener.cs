using System.Net;
using System.Net.Sockets;

namespace Fencepost.Engine.Hosting;

/// <summary>
/// The frontend's own Kestrel listener (HTTP/2 cleartext); the console adds its own. Port 0 is
/// resolved to a free port when the listener is configured, so the endpoint is known without
/// telling Kestrel's listeners apart.
/// </summary>
internal sealed class FrontendListener
{
    public FrontendListener(IPAddress address, int configuredPort, Security.Tls.TlsListenerOptions tls)
    {
        Address = address;
        Port = configuredPort != 0 ? configuredPort : PickFreePort(address);
        Tls = tls;
        // With TLS on the SDKs' port, this process's own clients (the console, its benchmarks) use a
        // plaintext port of their own on loopback; every call there still needs its credentials.
        LocalPort = tls.Enabled ? PickFreePort(IPAddress.Loopback) : null;
    }

    public IPAddress Address { get; }

    public int Port { get; }

    public Security.Tls.TlsListenerOptions Tls { get; }

    /// <summary>The loopback plaintext port for in-process clients when <see cref="Tls"/> is on; null otherwise.</summary>
    public int? LocalPort { get; }

    /// <summary>
    /// False on a cluster node without the frontend role: no SDK listener is opened (Kestrel is
    /// configured when the app is built, after every registration had its say).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>True on a cluster node whose peers call it on this same port (then it serves their routes too).</summary>
    public bool ServesPeers { get; set; }

    private static int PickFreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
