using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Fencepost.Cluster.Tests.Infrastructure;
using Fencepost.Engine.Persistence.RateLimiting;
using Fencepost.Engine.Tests.Persistence.RateLimiting;
using Npgsql;

namespace Fencepost.Cluster.Tests;

/// <summary>
/// The cluster-wide connection-rate limiter across real node processes: every node counts its
/// connection opens in one DynamoDB item per endpoint per second (dynalite, a DynamoDB-API server,
/// stands in for DynamoDB), so together the nodes never open more than the budget in any second.
/// </summary>
[Collection(ClusterProcessCollection.Name)]
public sealed class ConnectionRateLimiterTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    private const string AccessKey = "fencepost-test";

    /// <summary>The nodes' pool size (NodeProcess sets it): each node opens this many connections at start.</summary>
    private const int NodePoolSize = 4;

    /// <summary>How much later than its grant an open may be stamped by the server; under one second, see <see cref="FirstOpenWithoutAGrant"/>.</summary>
    private static readonly TimeSpan GrantToSessionTolerance = TimeSpan.FromMilliseconds(900);

    [Fact]
    public async Task ConnectionOpens_TwoNodesSharingOneDynamoDbBudget_NeverExceedItInAnySecond()
    {
        // One open per second for the whole cluster: the nodes' start-up opens must queue behind each other.
        const int permits = 1;
        var table = $"opens-{Guid.NewGuid():N}";
        var options = new DynamoDbRateLimiterOptions { TableName = table, ServiceUrl = dynalite.ServiceUrl };
        using var admin = DynamoDbRateLimiterTable.CreateClient(options, new BasicAWSCredentials(AccessKey, AccessKey));
        await DynamoDbRateLimiterTable.EnsureExistsAsync(admin, table, TimeProvider.System, CancellationToken.None);
        var settings = new Dictionary<string, string>
        {
            ["Fencepost:Store:ConnectionRateLimiter:TableName"] = table,
            ["Fencepost:Store:ConnectionRateLimiter:ServiceUrl"] = dynalite.ServiceUrl,
            ["Fencepost:Store:ConnectionRateLimiter:PermitsPerSecond"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Not the 2 s default: a node that waits longer for dynalite, as one starting on a loaded
            // machine may, would fall back to its local limiter and fail the check below.
            ["Fencepost:Store:ConnectionRateLimiter:RequestTimeout"] = "00:00:30",
        };
        // The nodes sign their DynamoDB calls with the default credential chain, here the environment.
        var environment = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = AccessKey, ["AWS_SECRET_ACCESS_KEY"] = AccessKey };

        await using var cluster = await TestCluster.CreateAsync("rate_limited");
        var nodes = new[] { cluster.StartNode("a", "history", settings, environment), cluster.StartNode("b", "history", settings, environment) };
        await cluster.WaitForOwnershipAsync(nodes, "both nodes started and owning their shards");

        var perSecond = await ReadCountsAsync(admin, table);
        Assert.True(perSecond.Values.Sum() >= nodes.Length, $"Only {perSecond.Values.Sum()} connection opens were counted in the table.");
        Assert.All(perSecond, second => Assert.InRange(second.Value, 1, permits));
        Assert.All(nodes, node => Assert.DoesNotContain("pacing connection opens with the local limiter", node.Log, StringComparison.Ordinal));

        // The table only shows what the limiter granted; its conditional write keeps it within budget
        // whatever the nodes do. The server's side shows what they actually opened.
        var opens = await ReadNodeConnectionStartsAsync(cluster, nodes);
        Assert.True(opens.Count >= nodes.Length * NodePoolSize, $"Only {opens.Count} node connections were found on the server.\n{cluster.DescribeNodes()}");
        var grants = perSecond.ToDictionary(p => long.Parse(p.Key[(p.Key.LastIndexOf('#') + 1)..], System.Globalization.CultureInfo.InvariantCulture), p => p.Value);
        var ungranted = FirstOpenWithoutAGrant(opens, grants);
        Assert.True(ungranted is null,
            $"The connection opened at {ungranted:HH:mm:ss.fff} had no grant of the limiter left to account for it; opens: " +
            $"{string.Join(", ", opens.Select(o => o.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}; grants by second: " +
            $"{string.Join(", ", grants.OrderBy(g => g.Key).Select(g => $"{DateTimeOffset.FromUnixTimeSeconds(g.Key):HH:mm:ss}={g.Value}"))}.");
    }

    /// <summary>
    /// The backend start times of the nodes' connections (their application_name is their host id).
    /// pg_stat_activity lists only live sessions, so this is every open only if no session on the
    /// database ever closed: the nodes' pools never shrink (MinPoolSize = MaxPoolSize, a 55-minute
    /// lifetime), but a node opening behind the pool's back might close again. pg_stat_database's
    /// session count, which keeps closed sessions, proves the set complete: it must equal the live
    /// sessions on the database (the nodes' and this test's own store's).
    /// </summary>
    private static async Task<IReadOnlyList<DateTimeOffset>> ReadNodeConnectionStartsAsync(TestCluster cluster, IReadOnlyList<NodeProcess> nodes)
    {
        var database = new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Database!;
        // Asked from the maintenance database without pooling, so the asking session is not itself counted.
        var maintenance = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(maintenance);
        var starts = new List<DateTimeOffset>();
        var live = 0;
        await using (var command = dataSource.CreateCommand(
            "SELECT application_name, backend_start FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'"))
        {
            command.Parameters.AddWithValue(database);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                live++;
                if (nodes.Any(n => n.HostId == reader.GetString(0)))
                {
                    starts.Add(new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero));
                }
            }
        }
        // A backend reports its session to the statistics at its first idle moment, so the count may
        // trail the live sessions briefly; a closed session was reported before it ended.
        var sessions = await cluster.WaitForAsync<object>(async () =>
        {
            await using var count = dataSource.CreateCommand("SELECT sessions FROM pg_stat_database WHERE datname = $1");
            count.Parameters.AddWithValue(database);
            var reported = Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            return reported >= live ? (object)reported : null;
        }, $"the statistics to count the {live} live sessions on {database}", TimeSpan.FromSeconds(30));
        Assert.True((long)sessions == live, $"{(long)sessions - live} sessions on {database} closed before they could be read: the opens read are not all of them.");
        starts.Sort();
        return starts;
    }

    /// <summary>
    /// The first open that no grant of the limiter accounts for, or null. The table's count for a
    /// second is what the limiter granted in it (at most the budget, checked above), so if every real
    /// open has its own grant, no second saw more real opens than the budget. The limiter counts an
    /// open in the second its own clock read before asking DynamoDB; the server stamps the session a
    /// little later (the DynamoDB round trip, the TCP connect, the fork), so an open stamped just after
    /// a second boundary may hold a grant of the second before. Each open therefore takes a grant
    /// from the earliest second with one left among floor(start - tolerance) and floor(start): both
    /// bounds only grow as the opens are taken in order, so this greedy choice gives every open a
    /// grant whenever any assignment does. An open the limiter never granted finds none.
    /// </summary>
    private static DateTimeOffset? FirstOpenWithoutAGrant(IReadOnlyList<DateTimeOffset> sortedOpens, IReadOnlyDictionary<long, int> grantsPerSecond)
    {
        var used = new Dictionary<long, int>();
        foreach (var open in sortedOpens)
        {
            var second = (open - GrantToSessionTolerance).ToUnixTimeSeconds();
            var latest = open.ToUnixTimeSeconds();
            while (second <= latest && used.GetValueOrDefault(second) >= grantsPerSecond.GetValueOrDefault(second))
            {
                second++;
            }
            if (second > latest)
            {
                return open;
            }
            used[second] = used.GetValueOrDefault(second) + 1;
        }
        return null;
    }

    private static async Task<Dictionary<string, int>> ReadCountsAsync(AmazonDynamoDBClient client, string table)
    {
        var counts = new Dictionary<string, int>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start });
            foreach (var item in page.Items)
            {
                counts[item["pk"].S] = int.Parse(item["opens"].N, System.Globalization.CultureInfo.InvariantCulture);
            }
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return counts;
    }
}
