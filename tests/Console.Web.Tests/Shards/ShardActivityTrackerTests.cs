using Fencepost.ConsoleWeb.Data.Shards;
using Fencepost.Engine.Introspection;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.ConsoleWeb.Tests.Shards;

public sealed class ShardActivityTrackerTests
{
    private static readonly DateTimeOffset Acquired = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero));

    private static ShardOwnershipSnapshot Shard(int id, long transactions, long writes, double commitMs, DateTimeOffset? acquired = null) =>
        new(id, 3, "host-a", acquired ?? Acquired, 0, 0)
        {
            CommittedTransactions = transactions,
            CommittedWrites = writes,
            CommitTime = TimeSpan.FromMilliseconds(commitMs),
        };

    [Fact]
    public void Read_FirstReading_NothingMeasuredYet()
    {
        var tracker = new ShardActivityTracker(_time);

        var reading = tracker.Read("host-a", [Shard(1, 100, 300, 500)]);

        Assert.Null(reading.Shards[0].TransactionsPerSecond);
        Assert.Null(reading.Shards[0].CeilingPerSecond);
    }

    [Fact]
    public void Read_TwoReadings_RatesLatencyAndCeilingFromTheDeltas()
    {
        var tracker = new ShardActivityTracker(_time);
        tracker.Read("host-a", [Shard(1, 100, 300, 500)]);
        _time.Advance(TimeSpan.FromSeconds(2));

        // 200 transactions (600 writes) in 2 s, 800 ms committing: 4 ms each, so 250/s at most.
        var shard = tracker.Read("host-a", [Shard(1, 300, 900, 1300)]).Shards[0];

        Assert.Equal(100, shard.TransactionsPerSecond!.Value, 6);
        Assert.Equal(300, shard.WritesPerSecond!.Value, 6);
        Assert.Equal(4, shard.MeanCommitMilliseconds!.Value, 6);
        Assert.Equal(250, shard.CeilingPerSecond!.Value, 6);
        Assert.Equal(0.4, shard.CeilingUse!.Value, 6);
    }

    [Fact]
    public void Read_ShardReacquiredBetweenReadings_StartsOverInsteadOfANegativeRate()
    {
        var tracker = new ShardActivityTracker(_time);
        tracker.Read("host-a", [Shard(1, 1000, 1000, 5000)]);
        _time.Advance(TimeSpan.FromSeconds(1));

        var shard = tracker.Read("host-a", [Shard(1, 5, 5, 20, Acquired.AddHours(1))]).Shards[0];

        Assert.Null(shard.TransactionsPerSecond);
    }

    [Fact]
    public void Read_IdleShard_ZeroRateAndUnknownLatency()
    {
        var tracker = new ShardActivityTracker(_time);
        tracker.Read("host-a", [Shard(1, 10, 10, 40)]);
        _time.Advance(TimeSpan.FromSeconds(1));

        var shard = tracker.Read("host-a", [Shard(1, 10, 10, 40)]).Shards[0];

        Assert.Equal(0, shard.TransactionsPerSecond);
        Assert.Null(shard.MeanCommitMilliseconds);
        Assert.Null(shard.CeilingUse);
    }
}
