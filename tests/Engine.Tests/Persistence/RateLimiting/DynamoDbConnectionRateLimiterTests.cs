using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Fencepost.Engine.Persistence.Postgres.Pooling;
using Fencepost.Engine.Persistence.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fencepost.Engine.Tests.Persistence.RateLimiting;

public sealed class DynamoDbConnectionRateLimiterTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    private static readonly BasicAWSCredentials Credentials = new("fencepost-test", "fencepost-test");

    /// <summary>
    /// Five limiters stand for five nodes: each has its own DynamoDB client and shares nothing
    /// with the others but the table, exactly as separate processes would.
    /// </summary>
    [Fact]
    public async Task WaitToOpen_FiveNodesAtOnce_NeverExceedTheBudgetInAnySecond()
    {
        const int permits = 10;
        const int nodes = 5;
        const int opensPerNode = 12;
        var options = Options(permits);
        using var admin = DynamoDbRateLimiterTable.CreateClient(options, Credentials);
        await DynamoDbRateLimiterTable.EnsureExistsAsync(admin, options.TableName, TimeProvider.System, CancellationToken.None);
        var endpoint = "cluster-" + Guid.NewGuid().ToString("N") + ".dsql.example";
        var waits = new ConcurrentBag<bool>();

        await Task.WhenAll(Enumerable.Range(0, nodes).Select(_ => Task.Run(async () =>
        {
            using var client = DynamoDbRateLimiterTable.CreateClient(options, Credentials);
            var limiter = CreateLimiter(client, options);
            for (var i = 0; i < opensPerNode; i++)
            {
                waits.Add(await limiter.WaitToOpenAsync(endpoint, CancellationToken.None));
            }
            Assert.False(limiter.IsDegraded);
        })));

        var perSecond = await ReadCountsAsync(admin, options.TableName, endpoint);
        Assert.Equal(nodes * opensPerNode, perSecond.Values.Sum());
        Assert.All(perSecond, second => Assert.InRange(second.Value, 1, permits));
        Assert.True(perSecond.Count >= nodes * opensPerNode / permits, $"60 opens at 10/s were spread over only {perSecond.Count} seconds.");
        Assert.Contains(true, waits);
    }

    [Fact]
    public async Task WaitToOpen_DynamoUnreachable_FallsBackToTheLocalLimiter()
    {
        var options = Options(10);
        options.ServiceUrl = "http://127.0.0.1:1";
        using var client = DynamoDbRateLimiterTable.CreateClient(options, Credentials);
        var local = new CountingLimiter();
        var limiter = new DynamoDbConnectionRateLimiter(client, options, local, TimeProvider.System, NullLogger<DynamoDbConnectionRateLimiter>.Instance);

        await limiter.WaitToOpenAsync("endpoint", CancellationToken.None);
        await limiter.WaitToOpenAsync("endpoint", CancellationToken.None);

        Assert.True(limiter.IsDegraded);
        Assert.Equal(2, local.Calls);
    }

    [Fact]
    public void Options_Invalid_ReportsEveryProblem()
    {
        var options = new DynamoDbRateLimiterOptions { PermitsPerSecond = 0, ItemTimeToLive = TimeSpan.Zero, ServiceUrl = "not a url" };

        Assert.Equal(3, options.Validate().Count);
    }

    private DynamoDbRateLimiterOptions Options(int permits) => new()
    {
        TableName = "fencepost-connection-opens",
        ServiceUrl = dynalite.ServiceUrl,
        PermitsPerSecond = permits,
        RetryJitter = TimeSpan.FromMilliseconds(50),
        // The 2 s default would make the limiters fall back to their local ones whenever dynalite
        // (one node.js process) answers slowly on a loaded machine; falling back is tested apart.
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    private static DynamoDbConnectionRateLimiter CreateLimiter(AmazonDynamoDBClient client, DynamoDbRateLimiterOptions options) =>
        new(client, options, new TokenBucketConnectionOpenRateLimiter(options.PermitsPerSecond, TimeProvider.System), TimeProvider.System,
            NullLogger<DynamoDbConnectionRateLimiter>.Instance);

    private static async Task<Dictionary<string, int>> ReadCountsAsync(AmazonDynamoDBClient client, string table, string endpoint)
    {
        var counts = new Dictionary<string, int>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start });
            foreach (var item in page.Items.Where(i => i["pk"].S.StartsWith(endpoint + "#", StringComparison.Ordinal)))
            {
                counts[item["pk"].S] = int.Parse(item["opens"].N, System.Globalization.CultureInfo.InvariantCulture);
            }
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return counts;
    }

    private sealed class CountingLimiter : IConnectionOpenRateLimiter
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask<bool> WaitToOpenAsync(string endpoint, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(false);
        }
    }
}
