using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fencepost.Engine.Persistence.Postgres.Pooling;

/// <summary>
/// The store's view of its Npgsql pool: lends connections (counting those in use and the requests
/// that had to wait because all were busy), pre-warms the pool to its size at start through the
/// <see cref="IConnectionOpenRateLimiter"/>, and reports <see cref="ConnectionPoolSnapshot"/>s.
/// <para>
/// After an outage it recovers on its own. Npgsql keeps dead idle connections until each is tried
/// (every one then fails a request) and never reopens what it lost (Min Pool Size only limits
/// pruning), so the first broken connection clears the pool's idle connections at once, and a
/// keeper refills the pool to its size through the rate limiter; until it is full again, opens
/// on demand are paced by the limiter too, so a node that reconnects does not storm the server.
/// Workflow traffic may hold all connections but a small reserve, which is kept for
/// <see cref="ConnectionPriority.Control"/> work (membership, shard ownership).
/// </para>
/// </summary>
internal sealed partial class PostgresConnectionPool : IDisposable
{
    private const int WarmupParallelism = 8;
    private static readonly TimeSpan KeeperInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinClearInterval = TimeSpan.FromSeconds(1);
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _name;
    private readonly int _maxPoolSize;
    private readonly TimeSpan _lifetime;
    private readonly IConnectionOpenRateLimiter _rateLimiter;
    private readonly TimeProvider _timeProvider;
    private readonly PhysicalConnectionLog _physical;
    private readonly NpgsqlConnectionCounts _counts;
    private readonly PostgresPoolMetrics _metrics;
    private readonly SemaphoreSlim _normalSlots;
    private readonly LoopWakeUp _keeperWakeUp = new();
    private readonly CancellationTokenSource _keeperStop = new();
    private readonly ILogger _logger;
    private Task? _keeper;
    private long _lastClear;
    private volatile bool _degraded;
    private int _inUse;
    private long _waitCount;
    private long _waitTicks;
    private long _rateLimitedOpens;

    public PostgresConnectionPool(NpgsqlDataSource dataSource, string name, int maxPoolSize, TimeSpan lifetime,
        IConnectionOpenRateLimiter rateLimiter, PhysicalConnectionLog physical, IMeterFactory meterFactory, TimeProvider timeProvider,
        ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        Reserve = ReserveFor(maxPoolSize);
        _normalSlots = new SemaphoreSlim(maxPoolSize - Reserve, maxPoolSize - Reserve);
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

    /// <summary>Raised when the keeper has brought the pool back to its full size after it lost connections.</summary>
    public event EventHandler? Refilled;

    /// <summary>Connections only <see cref="ConnectionPriority.Control"/> work may hold: a tenth of the pool, 1 to 4, none below 4.</summary>
    public int Reserve { get; }

    public static int ReserveFor(int maxPoolSize) => maxPoolSize < 4 ? 0 : Math.Clamp(maxPoolSize / 10, 1, 4);

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(ConnectionPriority.Normal, cancellationToken);

    public async ValueTask<NpgsqlConnection> OpenAsync(ConnectionPriority priority, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var waits = false;
        if (priority == ConnectionPriority.Normal && !_normalSlots.Wait(0, CancellationToken.None))
        {
            // Every connection traffic may hold is lent out: wait here, within the caller's deadline.
            waits = true;
            await _normalSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        // More borrowers than connections: this request queues in Npgsql's pool until one comes back.
        waits |= Interlocked.Increment(ref _inUse) > _maxPoolSize;
        try
        {
            if (_degraded && await _rateLimiter.WaitToOpenAsync(_name, cancellationToken).ConfigureAwait(false))
            {
                // Reconnecting after an outage: every borrower may open a new connection, so they are paced.
                Interlocked.Increment(ref _rateLimitedOpens);
            }
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
            if (priority == ConnectionPriority.Normal)
            {
                _normalSlots.Release();
            }
            throw;
        }
    }

    public ValueTask ReleaseAsync(NpgsqlConnection connection) => ReleaseAsync(connection, ConnectionPriority.Normal);

    public async ValueTask ReleaseAsync(NpgsqlConnection connection, ConnectionPriority priority)
    {
        try
        {
            // A broken connection is closed here, not pooled.
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inUse);
            if (priority == ConnectionPriority.Normal)
            {
                _normalSlots.Release();
            }
        }
    }

    /// <summary>
    /// A connection broke or the server said it is going away: the idle ones are most likely dead
    /// too, so they are dropped now (at most once a second) instead of each failing a request, and
    /// the keeper refills the pool once the server answers.
    /// </summary>
    public void ReportBroken()
    {
        var now = _timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastClear);
        if (last != 0 && _timeProvider.GetElapsedTime(last, now) < MinClearInterval)
        {
            return;
        }
        if (Interlocked.CompareExchange(ref _lastClear, now, last) != last)
        {
            return;
        }
        if (!_degraded)
        {
            _degraded = true;
            LogCleared(_logger, _name);
        }
        _dataSource.Clear();
        _keeperWakeUp.Request();
    }

    /// <summary>Starts the keeper that refills the pool to its size (after warm-up).</summary>
    public void StartKeeper() => _keeper ??= Task.Run(() => KeepAsync(_keeperStop.Token));

    private async Task KeepAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _keeperWakeUp.WaitAsync(KeeperInterval, _timeProvider, stop).ConfigureAwait(false);
                await RefillAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
            {
                // The server is still away; the next tick tries again.
                LogRefillFailed(_logger, _name, ex.Message);
            }
        }
    }

    /// <summary>
    /// Opens what the pool lacks, through the rate limiter. Npgsql hands out idle connections first,
    /// so those are held too while the new ones open (briefly: the limiter allows 100 a second).
    /// </summary>
    internal async Task RefillAsync(CancellationToken cancellationToken)
    {
        var counts = _counts.Read();
        if (counts is not { } c)
        {
            return;
        }
        var open = (int)(c.Idle + c.Used);
        var missing = _maxPoolSize - open;
        if (missing <= 0)
        {
            // The traffic's own opens may have filled the pool before the keeper ran: refilled all the same.
            if (_degraded)
            {
                _degraded = false;
                LogRefilled(_logger, _name, _maxPoolSize);
                Refilled?.Invoke(this, EventArgs.Empty);
            }
            return;
        }
        var held = new List<NpgsqlConnection>(missing + (int)c.Idle);
        var openedBefore = _physical.OpenedTotal;
        try
        {
            // Stops once enough new connections exist (the traffic's own opens count too).
            for (var i = 0; i < missing + c.Idle && _physical.OpenedTotal - openedBefore < missing; i++)
            {
                if (await _rateLimiter.WaitToOpenAsync(_name, cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _rateLimitedOpens);
                }
                held.Add(await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        var after = _counts.Read();
        if (after is { } a && a.Idle + a.Used >= _maxPoolSize)
        {
            _degraded = false;
            LogRefilled(_logger, _name, _maxPoolSize);
            Refilled?.Invoke(this, EventArgs.Empty);
        }
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

    public void Dispose()
    {
        _keeperStop.Cancel();
        _keeperWakeUp.Dispose();
        _counts.Dispose();
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Pool {Pool}: a connection broke; dropping its idle connections and refilling once the server answers")]
    private static partial void LogCleared(ILogger logger, string pool);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Pool {Pool} refilled to {Size} connections")]
    private static partial void LogRefilled(ILogger logger, string pool, int size);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug, Message = "Pool {Pool} could not refill yet: {Reason}")]
    private static partial void LogRefillFailed(ILogger logger, string pool, string reason);
}
