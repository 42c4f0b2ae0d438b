using System.Security.Cryptography;
using System.Text;
using Fencepost.Engine.Persistence.Model;
using Temporalio.Api.Version.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>GetClusterInfo's answer, built from the cluster's fixed metadata and the store this engine runs on.</summary>
internal static class ClusterInfo
{
    /// <summary>Client versions this server answers, in the form Temporal's own server reports them.</summary>
    private static readonly Dictionary<string, string> SupportedClients = new(StringComparer.Ordinal)
    {
        ["temporal-go"] = "<2.0.0",
        ["temporal-java"] = "<2.0.0",
        ["temporal-php"] = "<2.0.0",
        ["temporal-typescript"] = "<2.0.0",
        ["temporal-python"] = "<2.0.0",
        ["temporal-dotnet"] = "<2.0.0",
        ["temporal-cli"] = "<2.0.0",
        ["temporal-server"] = "<2.0.0",
        ["temporal-ui"] = "<3.0.0",
    };

    public static GetClusterInfoResponse Build(ClusterMetadata metadata, string storeKind)
    {
        var response = new GetClusterInfoResponse
        {
            ServerVersion = SystemHandlers.ServerVersion,
            ClusterId = ClusterId(metadata).ToString(),
            ClusterName = metadata.ClusterName,
            HistoryShardCount = metadata.HistoryShardCount,
            PersistenceStore = storeKind,
            // Visibility rows live in the same store as everything else.
            VisibilityStore = storeKind,
            VersionInfo = new VersionInfo { Current = new ReleaseInfo { Version = SystemHandlers.ServerVersion } },
            // One cluster, no replication: Temporal's values for a single-cluster deployment.
            InitialFailoverVersion = 1,
            FailoverVersionIncrement = 10,
        };
        response.SupportedClients.Add(SupportedClients);
        return response;
    }

    /// <summary>
    /// A stable id for the cluster: derived from what was fixed when it was created (name and
    /// creation time), so every host and every restart reports the same id without storing another value.
    /// </summary>
    public static Guid ClusterId(ClusterMetadata metadata)
    {
        var seed = Encoding.UTF8.GetBytes($"{metadata.ClusterName}|{metadata.CreatedAt.UtcTicks}");
        var hash = SHA256.HashData(seed);
        var bytes = hash.AsSpan(0, 16).ToArray();
        // Mark it as a name-based (version 5 layout), RFC 4122 variant UUID.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
