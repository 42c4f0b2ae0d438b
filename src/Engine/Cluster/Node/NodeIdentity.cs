using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Fencepost.Engine.Cluster.Node;

/// <summary>
/// This process's resolved identity, fixed for its lifetime: the host id is generated once (a
/// generated default must not change when options are re-read), so every heartbeat and every
/// shard acquisition names the same owner.
/// </summary>
public sealed class NodeIdentity
{
    private const string DefaultFrontendAddress = "127.0.0.1";
    private const int DefaultFrontendPort = 7233;

    public NodeIdentity(string hostId, string rpcAddress, NodeRoles roles)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostId);
        ArgumentException.ThrowIfNullOrWhiteSpace(rpcAddress);
        HostId = hostId;
        RpcAddress = rpcAddress;
        Roles = roles;
    }

    public string HostId { get; }

    public string RpcAddress { get; }

    public NodeRoles Roles { get; }

    public bool Has(NodeRoles role) => (Roles & role) == role;

    /// <summary>
    /// Fills the defaults of validated options: a generated host id, and the frontend's configured
    /// address (<c>Fencepost:Frontend:Address</c> / <c>Port</c>) as the RPC address.
    /// </summary>
    public static NodeIdentity Resolve(NodeOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var hostId = string.IsNullOrWhiteSpace(options.HostId) ? GenerateHostId() : options.HostId.Trim();
        var rpcAddress = string.IsNullOrWhiteSpace(options.RpcAddress) ? FrontendAddress(configuration) : options.RpcAddress.Trim();
        return new NodeIdentity(hostId, rpcAddress, NodeRoleNames.Parse(options.Roles).Roles);
    }

    /// <summary>"host:port" with a non-empty host and a port 1-65535 ("[::1]:7233" allowed).</summary>
    public static bool IsHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535
            && !text.AsSpan(0, colon).ContainsAny(" /");
    }

    private static string FrontendAddress(IConfiguration configuration)
    {
        var address = configuration["Fencepost:Frontend:Address"];
        var port = configuration["Fencepost:Frontend:Port"];
        return $"{(string.IsNullOrWhiteSpace(address) ? DefaultFrontendAddress : address.Trim())}:{(string.IsNullOrWhiteSpace(port) ? DefaultFrontendPort.ToString(CultureInfo.InvariantCulture) : port.Trim())}";
    }

    private static string GenerateHostId()
    {
        var machine = new string([.. Environment.MachineName.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '-')]);
        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        return $"{machine}-{Environment.ProcessId}-{suffix}";
    }
}
