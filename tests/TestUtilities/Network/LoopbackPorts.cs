using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fencepost.TestUtilities.Network;

/// <summary>
/// Free loopback ports for a server the test starts in another process, which must be told its port
/// before it binds it. Asking the OS for port 0 and releasing it is racy twice over: the OS may hand
/// the same ephemeral port to this process again before the first child has bound it, and to any
/// other process on the machine (other test projects run at the same time, every outgoing connection
/// takes an ephemeral port). So ports come from below the ephemeral range when there is room there,
/// are checked free by binding them, and are never handed out twice by one test process.
/// </summary>
public static class LoopbackPorts
{
    private const int LowestPort = 20_000;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int EphemeralStart = ReadEphemeralStart();

    /// <summary>A port nothing listens on now that this process never handed out before.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = EphemeralStart - LowestPort >= 1_000 ? Random.Shared.Next(LowestPort, EphemeralStart) : EphemeralPort();
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }
        throw new InvalidOperationException("No free loopback port found in 1,000 attempts.");
    }

    private static bool IsFree(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            probe.Stop();
        }
    }

    private static int EphemeralPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }

    // Linux's default is 32768-60999; elsewhere (or unreadable) fall back to the OS's choice.
    private static int ReadEphemeralStart()
    {
        try
        {
            var first = File.ReadAllText(EphemeralRangeFile).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
