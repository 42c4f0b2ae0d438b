using System.Net;
using System.Net.Sockets;

namespace Fencepost.Cluster.Tests.Infrastructure;

/// <summary>Loopback ports nobody listens on right now (each node gets its own).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
