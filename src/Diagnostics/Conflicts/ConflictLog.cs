using Fencepost.Diagnostics.Persistence;

namespace Fencepost.Diagnostics.Conflicts;

/// <summary>
/// Attributes OCC conflicts to keys over time, for the console's "hot keys" page and the benchmark
/// report. Memory is bounded: a ring of one bucket per second over the retention, each holding at most
/// <see cref="ConflictLogOptions.MaxKeysPerSecond"/> cells. Recording takes one uncontended lock on the
/// current second's bucket and does no allocation once a key has been seen in that second.
/// </summary>
/// <remarks>
/// Conflicts are bucketed by this log's clock when they are recorded, not by
/// <see cref="ConflictObservation.At"/>: a late or skewed observation must not write into a bucket that
/// has already been recycled. <see cref="ConflictKeySummary.LastSeen"/> reports the observation's time.
/// </remarks>
public sealed class ConflictLog : IConflictRecorder
{
    private const double TrendBand = 0.2;

    private readonly TimeProvider _time;
    private readonly ConflictLogOptions _options;
    private readonly ConflictBucket[] _ring;

    public ConflictLog(TimeProvider time, ConflictLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? new ConflictLogOptions();
        _options.Validate();
        _time = time;
        _ring = new ConflictBucket[(int)Math.Ceiling(_options.Retention.TotalSeconds)];
        for (var i = 0; i < _ring.Length; i++)
        {
            _ring[i] = new ConflictBucket();
        }
    }

    public TimeSpan Retention => TimeSpan.FromSeconds(_ring.Length);

    public void Record(ConflictObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        var bucket = _ring[Slot(second)];
        var key = new ConflictCellKey(observation.Store, observation.Table, observation.ShardId, observation.Key, observation.Operation);
        lock (bucket.Gate)
        {
            bucket.Add(second, key, observation.Exhausted, observation.At, _options.MaxKeysPerSecond);
        }
    }

    /// <summary>The hottest keys of the window, most conflicts first, with their trend against the previous window.</summary>
    public IReadOnlyList<ConflictKeySummary> TopKeys(ConflictQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (from, to) = WindowSeconds(query.Window);
        var seconds = to - from + 1;
        var current = Aggregate(from, to, query);
        var previousKnown = from - seconds >= OldestRetainedSecond(to);
        var previous = previousKnown ? Aggregate(from - seconds, from - 1, query) : [];

        return [.. current
            .OrderByDescending(pair => pair.Value.Count)
            .ThenBy(pair => pair.Key.Key, StringComparer.Ordinal)
            .Take(query.Top)
            .Select(pair =>
            {
                long? before = previousKnown ? previous.GetValueOrDefault(pair.Key)?.Count ?? 0 : null;
                var totals = pair.Value;
                return new ConflictKeySummary(
                    pair.Key.Key,
                    pair.Key.Table,
                    pair.Key.Store,
                    pair.Key.ShardId,
                    totals.Count,
                    (double)totals.Count / seconds,
                    totals.Retries,
                    totals.Exhausted,
                    totals.LastSeen,
                    before,
                    TrendOf(totals.Count, before),
                    [.. totals.Operations
                        .OrderByDescending(op => op.Value)
                        .ThenBy(op => op.Key, StringComparer.Ordinal)
                        .Select(op => new ConflictOperationCount(op.Key, op.Value))]);
            })];
    }

    /// <summary>Conflicts per table over the window, most first.</summary>
    public IReadOnlyList<ConflictTableTotal> TableTotals(ConflictQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (from, to) = WindowSeconds(query.Window);
        var seconds = to - from + 1;
        var totals = new Dictionary<string, (long Count, long Retries, long Exhausted)>(StringComparer.Ordinal);
        Visit(from, to, query, (_, key, cell) =>
        {
            var t = totals.GetValueOrDefault(key.Table);
            totals[key.Table] = (t.Count + cell.Count, t.Retries + cell.Retries, t.Exhausted + cell.Exhausted);
        });
        return [.. totals
            .OrderByDescending(pair => pair.Value.Count)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new ConflictTableTotal(pair.Key, pair.Value.Count, (double)pair.Value.Count / seconds, pair.Value.Retries, pair.Value.Exhausted))];
    }

    /// <summary>
    /// The window's top keys (<see cref="ConflictQuery.Top"/>) by <paramref name="columns"/> equal time
    /// slices. Columns are at least one second wide, so a short window may get fewer columns than asked.
    /// </summary>
    public ConflictHeatmap Heatmap(ConflictQuery query, int columns)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var (from, to) = WindowSeconds(query.Window);
        var seconds = to - from + 1;
        var width = Math.Max(1, (seconds + columns - 1) / columns);
        var count = (int)((seconds + width - 1) / width);

        var rows = new Dictionary<KeyIdentity, long[]>();
        Visit(from, to, query, (second, key, cell) =>
        {
            var identity = KeyIdentity.Of(key);
            if (!rows.TryGetValue(identity, out var counts))
            {
                counts = new long[count];
                rows.Add(identity, counts);
            }
            counts[(int)((second - from) / width)] += cell.Count;
        });

        var top = rows
            .Select(pair => new ConflictHeatmapRow(pair.Key.Key, pair.Key.Table, pair.Key.Store, pair.Key.ShardId, pair.Value.Sum(), pair.Value))
            .OrderByDescending(row => row.Total)
            .ThenBy(row => row.Key, StringComparer.Ordinal)
            .Take(query.Top)
            .ToList();
        return new ConflictHeatmap(DateTimeOffset.FromUnixTimeSeconds(from), TimeSpan.FromSeconds(width), count, top);
    }

    private Dictionary<KeyIdentity, KeyTotals> Aggregate(long from, long to, ConflictQuery query)
    {
        var result = new Dictionary<KeyIdentity, KeyTotals>();
        Visit(from, to, query, (_, key, cell) =>
        {
            var identity = KeyIdentity.Of(key);
            if (!result.TryGetValue(identity, out var totals))
            {
                totals = new KeyTotals();
                result.Add(identity, totals);
            }
            totals.Add(key.Operation, cell);
        });
        return result;
    }

    /// <summary>Calls <paramref name="visit"/> for every matching cell of the seconds [from, to] still in the ring.</summary>
    private void Visit(long from, long to, ConflictQuery query, Action<long, ConflictCellKey, ConflictCell> visit)
    {
        from = Math.Max(from, OldestRetainedSecond(to));
        for (var second = from; second <= to; second++)
        {
            var bucket = _ring[Slot(second)];
            lock (bucket.Gate)
            {
                if (bucket.Second != second)
                {
                    continue;
                }
                foreach (var (key, cell) in bucket.Cells)
                {
                    if (Matches(query, key))
                    {
                        visit(second, key, cell);
                    }
                }
            }
        }
    }

    private static bool Matches(ConflictQuery query, ConflictCellKey key) =>
        (query.Table is null || string.Equals(query.Table, key.Table, StringComparison.OrdinalIgnoreCase))
        && (query.ShardId is null || query.ShardId == key.ShardId)
        && (query.Store is null || string.Equals(query.Store, key.Store, StringComparison.OrdinalIgnoreCase))
        && (query.Operation is null || string.Equals(query.Operation, key.Operation, StringComparison.OrdinalIgnoreCase))
        && (query.KeyContains is null || key.Key.Contains(query.KeyContains, StringComparison.OrdinalIgnoreCase));

    private static ConflictTrend TrendOf(long count, long? previous) => previous switch
    {
        null => ConflictTrend.Unknown,
        0 => ConflictTrend.New,
        var p when count > p * (1 + TrendBand) => ConflictTrend.Rising,
        var p when count < p * (1 - TrendBand) => ConflictTrend.Falling,
        _ => ConflictTrend.Steady,
    };

    private (long From, long To) WindowSeconds(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromSeconds(1));
        var to = _time.GetUtcNow().ToUnixTimeSeconds();
        var seconds = Math.Min((long)Math.Ceiling(window.TotalSeconds), _ring.Length);
        return (to - seconds + 1, to);
    }

    private long OldestRetainedSecond(long now) => now - _ring.Length + 1;

    private int Slot(long second) => (int)(((second % _ring.Length) + _ring.Length) % _ring.Length);

    private readonly record struct KeyIdentity(string Store, string Table, int? ShardId, string Key)
    {
        public static KeyIdentity Of(ConflictCellKey key) => new(key.Store, key.Table, key.ShardId, key.Key);
    }

    private sealed class KeyTotals
    {
        public long Count { get; private set; }

        public long Retries { get; private set; }

        public long Exhausted { get; private set; }

        public DateTimeOffset LastSeen { get; private set; }

        public Dictionary<string, long> Operations { get; } = new(StringComparer.Ordinal);

        public void Add(string operation, ConflictCell cell)
        {
            Count += cell.Count;
            Retries += cell.Retries;
            Exhausted += cell.Exhausted;
            if (cell.LastSeen > LastSeen)
            {
                LastSeen = cell.LastSeen;
            }
            Operations[operation] = Operations.GetValueOrDefault(operation) + cell.Count;
        }
    }
}
