using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Fencepost.Cluster.Tests.Infrastructure;
using Fencepost.Engine.Persistence.RateLimiting;
using Fencepost.Engine.Tests.Persistence.RateLimiting;

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
