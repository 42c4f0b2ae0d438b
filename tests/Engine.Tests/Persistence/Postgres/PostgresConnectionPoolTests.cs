using System.Diagnostics.Metrics;
using Fencepost.Engine.Persistence.Postgres.Pooling;
using Fencepost.TestUtilities.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Fencepost.Engine.Tests.Persistence.Postgres;

public sealed class PostgresConnectionPoolTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task InitializeAsync_PoolOfFive_WarmsToFiveAndSnapshotReportsThem()
    {
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString, poolSize: 5);

        var snapshot = Assert.Single(store.GetPoolSnapshots());

        Assert.Equal(store.PoolName, snapshot.Name);
        Assert.Equal(5, snapshot.MaxOpen);
        Assert.Equal(5, snapshot.Open);
        Assert.Equal(5, snapshot.Idle);
        Assert.Equal(0, snapshot.InUse);
        Assert.True(snapshot.ConnectionsOpenedTotal >= 5, $"opened {snapshot.ConnectionsOpenedTotal}");
        Assert.Equal(TimeSpan.FromMinutes(55), snapshot.ConnectionLifetime);
    }

    [Fact]
    public async Task InitializeAsync_Warmed_PublishesPoolGauges()
    {
        var meters = PostgresTestStores.NewMeterFactory();
        await using var store = await PostgresTestStores.CreateInitializedAsync(database.ConnectionString, poolSize: 3, meters: meters);
        var seen = new Dictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PostgresPoolMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "pool" && (string?)tag.Value == store.PoolName)
                {
                    seen[instrument.Name] = value;
                }
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Equal(3, seen["dsql_pool_open"]);
        Assert.Equal(3, seen["dsql_pool_idle"]);
        Assert.Equal(0, seen["dsql_pool_in_use"]);
        Assert.Equal(3, seen["dsql_pool_max_open"]);
    }

    [Fact]
    public async Task OpenAsync_EveryConnectionBusy_CountsTheWait()
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = true, MaxPoolSize = 1 };
        var name = $"wait-{Guid.NewGuid():N}";
        await using var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = name }.Build();
        using var pool = new PostgresConnectionPool(dataSource, name, 1, TimeSpan.FromMinutes(55),
            new TokenBucketConnectionOpenRateLimiter(100, TimeProvider.System), new PhysicalConnectionLog(1, TimeProvider.System),
            PostgresTestStores.NewMeterFactory(), TimeProvider.System);

        var first = await pool.OpenAsync(CancellationToken.None);
        var second = pool.OpenAsync(CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted, "The second open should wait for the only connection.");
        await pool.ReleaseAsync(first);
        await pool.ReleaseAsync(await second.WaitAsync(TimeSpan.FromSeconds(30)));

        var snapshot = pool.Snapshot();
        Assert.Equal(1, snapshot.WaitCount);
        Assert.True(snapshot.WaitDuration > TimeSpan.Zero);
        Assert.Equal(0, snapshot.InUse);
    }

    [Fact]
    public async Task Read_NpgsqlPoolWithOneBusyConnection_ReportsItFromNpgsqlsOwnGauge()
    {
        var name = $"counts-{Guid.NewGuid():N}";
        await using var dataSource = new NpgsqlDataSourceBuilder(database.ConnectionString) { Name = name }.Build();
        using var counts = new NpgsqlConnectionCounts(name);

        await using (var busy = await dataSource.OpenConnectionAsync())
        {
            Assert.Equal((0L, 1L), counts.Read());
        }

        Assert.Equal((1L, 0L), counts.Read());
    }

    [Fact]
    public async Task WaitToOpenAsync_BucketEmpty_WaitsForTheRefill()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new TokenBucketConnectionOpenRateLimiter(2, clock);

        Assert.False(await limiter.WaitToOpenAsync("e", CancellationToken.None));
        Assert.False(await limiter.WaitToOpenAsync("e", CancellationToken.None));
        var third = limiter.WaitToOpenAsync("e", CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted, "A third open within the same second must wait.");
        clock.Advance(TimeSpan.FromMilliseconds(500));

        Assert.True(await third.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WarmUpAsync_PoolOfSix_AsksTheLimiterForEveryConnection()
    {
        var limiter = new CountingLimiter();
        var name = $"warm-{Guid.NewGuid():N}";
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = true, MaxPoolSize = 6, MinPoolSize = 6 };
        await using var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = name }.Build();
        using var pool = new PostgresConnectionPool(dataSource, name, 6, TimeSpan.FromMinutes(55), limiter,
            new PhysicalConnectionLog(6, TimeProvider.System), PostgresTestStores.NewMeterFactory(), TimeProvider.System);

        await pool.WarmUpAsync(CancellationToken.None);

        Assert.Equal(6, limiter.Calls);
        Assert.Equal(6, pool.Snapshot().ConnectionsOpenRejectedByRateLimiterTotal);
    }

    [Fact]
    public async Task OpenAsync_TrafficHoldsEveryConnectionItMay_MembershipAndShardWorkStillGetOne()
    {
        var name = $"reserve-{Guid.NewGuid():N}";
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = true, MaxPoolSize = 10 };
        await using var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = name }.Build();
        using var pool = new PostgresConnectionPool(dataSource, name, 10, TimeSpan.FromMinutes(55),
            new TokenBucketConnectionOpenRateLimiter(100, TimeProvider.System), new PhysicalConnectionLog(10, TimeProvider.System),
            PostgresTestStores.NewMeterFactory(), TimeProvider.System);
        Assert.Equal(1, pool.Reserve);

        var traffic = new List<NpgsqlConnection>();
        for (var i = 0; i < 9; i++)
        {
            traffic.Add(await pool.OpenAsync(ConnectionPriority.Normal, CancellationToken.None));
        }
        var tenth = pool.OpenAsync(ConnectionPriority.Normal, CancellationToken.None).AsTask();
        var control = await pool.OpenAsync(ConnectionPriority.Control, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(tenth.IsCompleted, "Traffic must leave the reserve to membership and shard ownership.");
        await pool.ReleaseAsync(control, ConnectionPriority.Control);
        await pool.ReleaseAsync(traffic[0], ConnectionPriority.Normal);
        await pool.ReleaseAsync(await tenth.WaitAsync(TimeSpan.FromSeconds(30)), ConnectionPriority.Normal);
        foreach (var connection in traffic.Skip(1))
        {
            await pool.ReleaseAsync(connection, ConnectionPriority.Normal);
        }
        Assert.Equal(0, pool.Snapshot().InUse);
    }

    private sealed class CountingLimiter : IConnectionOpenRateLimiter
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask<bool> WaitToOpenAsync(string endpoint, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(true);
        }
    }
}
