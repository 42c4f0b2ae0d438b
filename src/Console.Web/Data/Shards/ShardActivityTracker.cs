using Fencepost.Engine.Introspection;

namespace Fencepost.ConsoleWeb.Data.Shards;

/// <summary>
/// Turns the engine's running commit totals into rates: each reading is compared with the oldest one
/// kept within <see cref="Window"/> for the same ownership (same shard and acquisition), so a shard
/// that moved or was re-acquired starts over instead of showing a negative rate.
/// </summary>
public sealed class ShardActivityTracker(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly Queue<(DateTimeOffset At, Dictionary<(int, DateTimeOffset), ShardOwnershipSnapshot> Shards)> _readings = new();
    private readonly Lock _gate = new();

    public ShardActivityReading Read(string hostId, IReadOnlyList<ShardOwnershipSnapshot> owned)
    {
        ArgumentNullException.ThrowIfNull(owned);
        lock (_gate)
        {
            var now = time.GetUtcNow();
            while (_readings.Count > 1 && now - _readings.Peek().At > Window)
            {
                _readings.Dequeue();
            }
            var oldest = _readings.Count > 0 ? _readings.Peek() : default;
            var elapsed = oldest.Shards is null ? TimeSpan.Zero : now - oldest.At;
            var shards = owned.Select(shard => Activity(shard, oldest.Shards, elapsed)).ToList();
            _readings.Enqueue((now, owned.ToDictionary(s => (s.ShardId, s.AcquiredAt))));
            return new ShardActivityReading(hostId, elapsed, shards);
        }
    }

    private static ShardActivity Activity(ShardOwnershipSnapshot shard, Dictionary<(int, DateTimeOffset), ShardOwnershipSnapshot>? before, TimeSpan elapsed)
    {
        if (before is null || elapsed <= TimeSpan.Zero || !before.TryGetValue((shard.ShardId, shard.AcquiredAt), out var then)
            || shard.CommittedTransactions < then.CommittedTransactions)
        {
            return new ShardActivity(shard.ShardId, shard.Owner, shard.RangeId, null, null, null);
        }
        var transactions = shard.CommittedTransactions - then.CommittedTransactions;
        var seconds = elapsed.TotalSeconds;
        return new ShardActivity(
            shard.ShardId,
            shard.Owner,
            shard.RangeId,
            transactions / seconds,
            (shard.CommittedWrites - then.CommittedWrites) / seconds,
            transactions == 0 ? null : (shard.CommitTime - then.CommitTime).TotalMilliseconds / transactions);
    }
}
