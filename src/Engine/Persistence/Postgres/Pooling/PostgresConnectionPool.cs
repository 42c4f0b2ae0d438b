using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fencepost.Engine.Persistence.Stores;
using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres.Pooling;

/// <summary>
/// The store's view of its Npgsql pool: lends connections (counting those in use and the requests
/// that had to wait because all were busy), pre-warms the pool to its size at start through the
/// <see cref="IConnectionOpenRateLimiter"/>, and reports <see cref="ConnectionPoolSnapshot"/>s.
/// </summary>
internal sealed class PostgresConnectionPool : IDisposable
{
    private const int WarmupParallelism = 8;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _name;
    private readonly int _maxPoolSize;
    private readonly TimeSpan _lifetime;
    private readonly IConnectionOpenRateLimiter _rateLimiter;
    private readonly TimeProvider _timeProvider;
    private readonly PhysicalConnectionLog _physical;
    private readonly NpgsqlConnectionCounts _counts;
    private readonly PostgresPoolMetrics _metrics;
    private int _inUse;
    private long _waitCount;
    private long _waitTicks;
    private long _rateLimitedOpens;

    public PostgresConnectionPool(NpgsqlDataSource dataSource, string name, int maxPoolSize, TimeSpan lifetime,
        IConnectionOpenRateLimiter rateLimiter, PhysicalConnectionLog physical, IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        _name = name;
        _maxPoolSize = maxPoolSize;
        _lifetime = lifetime;
        _rateLimiter = rateLimiter;
        _physical = physical;
        _timeProvider = timeProvider;
        _counts = new NpgsqlConnectionCounts(name);
        _metrics = new PostgresPoolMetrics(meterFactory, name, Snapshot);
    }

    public NpgsqlDataSource DataSource => _dataSource;

    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // More borrowers than connections: this request queues in Npgsql's pool until one comes back.
        var waits = Interlocked.Increment(ref _inUse) > _maxPoolSize;
        var started = waits ? Stopwatch.GetTimestamp() : 0;
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (waits)
            {
                var waited = Stopwatch.GetElapsedTime(started);
                Interlocked.Increment(ref _waitCount);
                Interlocked.Add(ref _waitTicks, waited.Ticks);
                _metrics.RecordWait(waited);
            }
            return connection;
        }
        catch
        {
            Interlocked.Decrement(ref _inUse);
            throw;
        }
    }

    public async ValueTask ReleaseAsync(NpgsqlConnection connection)
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        Interlocked.Decrement(ref _inUse);
    }

    /// <summary>Opens connections until the pool holds its full size, paced by the rate limiter.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var held = new List<NpgsqlConnection>(_maxPoolSize);
        var next = 0;
        try
        {
            var workers = Enumerable.Range(0, Math.Min(WarmupParallelism, _maxPoolSize)).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= _maxPoolSize)
                {
                    if (await _rateLimiter.WaitToOpenAsync(_name, cancellationToken).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref _rateLimitedOpens);
                    }
                    // Every other connection is held, so each open here is a new physical connection.
                    var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    lock (held)
                    {
                        held.Add(connection);
                    }
                }
            });
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public ConnectionPoolSnapshot Snapshot()
    {
        var inUse = Math.Clamp(Volatile.Read(ref _inUse), 0, _maxPoolSize);
        var counts = _counts.Read();
        var open = counts is { } c ? (int)(c.Idle + c.Used) : Math.Min((int)_physical.OpenedTotal, _maxPoolSize);
        var idle = counts is { } i ? (int)i.Idle : Math.Max(0, open - inUse);
        return new ConnectionPoolSnapshot(
            _name, _maxPoolSize, open, idle, counts is { } u ? (int)u.Used : inUse,
            Interlocked.Read(ref _waitCount), TimeSpan.FromTicks(Interlocked.Read(ref _waitTicks)),
            _physical.OldestAge(open, _timeProvider.GetUtcNow()), _lifetime,
            _physical.OpenedTotal, Interlocked.Read(ref _rateLimitedOpens));
    }

    public void Dispose() => _counts.Dispose();
}
