using System.Globalization;
using Fencepost.Engine.Cluster.Introspection;
using Fencepost.Engine.Cluster.Ring;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Postgres;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.TestUtilities.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fencepost.Cluster.Tests.Infrastructure;

/// <summary>
/// A throwaway database on the shared test PostgreSQL plus the node processes a test starts on it.
/// Membership timing is stored as dynamic config before any node starts (1 s beats, 3 s expiry), so
/// failover happens within seconds; nodes re-read namespaces every second. Dispose kills every node, even after a failed assertion.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const int ShardCount = 8;
    public static readonly TimeSpan MembershipExpiry = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(90);

    private readonly List<NodeProcess> _nodes = [];
    private readonly PostgresServer _server;
    private readonly ServiceProvider _services;
    private readonly string _name;

    private TestCluster(PostgresServer server, string connectionString, ServiceProvider services, string name)
    {
        _server = server;
        ConnectionString = connectionString;
        _services = services;
        _name = name;
        Store = services.GetRequiredService<IPersistenceStore>();
    }

    public string ConnectionString { get; }

    /// <summary>The test's own view of the shared store (schema applied, small pool).</summary>
    public IPersistenceStore Store { get; }

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    /// <summary>A new database with the test membership timing; <paramref name="membershipExpiry"/> overrides the 3 s expiry.</summary>
    public static async Task<TestCluster> CreateAsync(string name, TimeSpan? membershipExpiry = null)
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync(name);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionString"] = connectionString,
            ["MaxPoolSize"] = "2",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddPostgresPersistenceStore(configuration).BuildServiceProvider();
        var cluster = new TestCluster(server, connectionString, services, name);
        await cluster.Store.InitializeAsync();
        var config = new PersistedDynamicConfig(cluster.Store.DynamicConfig, DynamicConfigRegistry.ForEngine(), TimeProvider.System, NullLogger<PersistedDynamicConfig>.Instance);
        foreach (var (key, value) in (IEnumerable<(string, string)>)[
            (ClusterConfigKeys.HeartbeatInterval.Name, "00:00:01"),
            (ClusterConfigKeys.HeartbeatJitter.Name, "00:00:00.200"),
            (ClusterConfigKeys.MembershipExpiry.Name, (membershipExpiry ?? MembershipExpiry).ToString("c", CultureInfo.InvariantCulture)),
            (ClusterConfigKeys.StartupJitter.Name, "00:00:00.300"),
            (ClusterConfigKeys.NamespaceRefreshInterval.Name, "00:00:01")])
        {
            await config.ApplyAsync(new DynamicConfigChangeRequest(key, DynamicConfigScopes.Global, "", $"\"{value}\"", 0, "cluster-tests", "fast failover for tests"));
        }
        return cluster;
    }

    public NodeProcess StartNode(string name, string roles,
        IReadOnlyDictionary<string, string>? settings = null, IReadOnlyDictionary<string, string>? environment = null) =>
        StartNodeAs(NewHostId(name), roles, settings, environment);

    /// <summary>Starts a node with a host id chosen beforehand (see <see cref="HostIdsEachOwningShards"/>).</summary>
    public NodeProcess StartNodeAs(string hostId, string roles,
        IReadOnlyDictionary<string, string>? settings = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var node = NodeProcess.Start(hostId, roles, ConnectionString, ShardCount, settings, environment);
        _nodes.Add(node);
        return node;
    }

    /// <summary>
    /// Host ids for history nodes named <paramref name="names"/> on which the ring gives every node
    /// at least one shard. Host ids are random, and with two nodes and 8 shards the ring gives one
    /// of them every shard in about one cluster in 130; a test that needs work on both would fail.
    /// </summary>
    public IReadOnlyList<string> HostIdsEachOwningShards(params string[] names)
    {
        // Bounded: with more nodes than shards no draw can succeed.
        for (var draw = 0; draw < 10_000; draw++)
        {
            var hostIds = names.Select(NewHostId).ToList();
            var owners = new ConsistentHashRing(hostIds).Assign(ShardCount);
            if (hostIds.All(owners.Contains))
            {
                return hostIds;
            }
        }
        throw new InvalidOperationException($"No host ids for {names.Length} nodes give each one of the {ShardCount} shards.");
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value, failing with <paramref name="what"/> and every node's log tail.</summary>
    public async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (_nodes.FirstOrDefault(n => n.ExitedUnexpectedly) is { } crashed)
            {
                Assert.Fail($"{crashed} exited while waiting for {what}.\n{DescribeNodes()}");
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.\n{DescribeNodes()}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>
    /// Waits until the stored shard rows and the nodes agree on the settled assignment: every shard
    /// is owned by the node the ring over <paramref name="owners"/> (the live history nodes) gives it,
    /// and that owner, and only it, reports owning it. Agreement alone is not enough: while views of
    /// a membership change still differ, a node may take a shard back for a moment, and rows and
    /// claims can agree on such a passing assignment.
    /// </summary>
    public Task<IReadOnlyList<ShardInfo>> WaitForOwnershipAsync(IReadOnlyCollection<NodeProcess> owners, string what, TimeSpan? timeout = null) =>
        WaitForAsync<IReadOnlyList<ShardInfo>>(async () =>
        {
            var ring = new ConsistentHashRing(owners.Select(o => o.HostId));
            var rows = await Store.Shards.ListShardsAsync();
            if (rows.Count != ShardCount || rows.Any(r => r.Owner != ring.OwnerOf(r.ShardId)))
            {
                return null;
            }
            var claims = new List<(string HostId, int ShardId)>();
            foreach (var owner in owners)
            {
                if (await owner.TryReadStateAsync() is not { } state)
                {
                    return null;
                }
                claims.AddRange(state.OwnedShards.Select(s => (owner.HostId, s)));
            }
            var exactlyOnce = claims.Count == ShardCount
                && rows.All(r => claims.Count(c => c.ShardId == r.ShardId) == 1 && claims.Contains((r.Owner, r.ShardId)));
            return exactlyOnce ? rows : null;
        }, what, timeout);

    public async Task<ClusterState> WaitForStateAsync(NodeProcess node, Func<ClusterState, bool> condition, string what) =>
        await WaitForAsync(async () => await node.TryReadStateAsync() is { } state && condition(state) ? state : null, what);

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private string NewHostId(string name) => $"{_name}-{name}-{Guid.NewGuid().ToString("N")[..6]}";

    public string DescribeNodes() => string.Join("\n", _nodes.Select(n =>
        $"--- {n} log tail:\n{string.Join("\n", n.Log.Split('\n').TakeLast(40))}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await _services.DisposeAsync();
        await _server.DropDatabaseAsync(ConnectionString);
    }
}
