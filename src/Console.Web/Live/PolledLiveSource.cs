using Fencepost.ConsoleWeb.Configuration;
using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.ConsoleWeb.Live;

/// <summary>
/// A live source that re-reads its data every <see cref="ConsoleDynamicConfigKeys.LiveRefreshInterval"/>
/// while it has subscribers and stops reading when the last one leaves. Reads are the only
/// pushes, so bursts are coalesced to one push per interval.
/// </summary>
public abstract class PolledLiveSource<T> : ILiveSource<T>, IDisposable where T : class
{
    private readonly IDynamicConfig _config;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IConsoleOverheadMeter? _overhead;
    private readonly Lock _lock = new();
    private readonly List<Func<Task>> _subscribers = [];
    private CancellationTokenSource? _loop;
    private LiveSnapshot<T>? _current;

    protected PolledLiveSource(IDynamicConfig config, TimeProvider timeProvider, ILogger logger, IConsoleOverheadMeter? overhead = null)
    {
        _config = config;
        _timeProvider = timeProvider;
        _logger = logger;
        _overhead = overhead;
    }

    public LiveSnapshot<T>? Current => Volatile.Read(ref _current);

    /// <summary>How many subscribers are watching (the console's own cost check).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>A name for logs.</summary>
    protected abstract string Name { get; }

    protected abstract Task<T> ReadAsync(CancellationToken cancellationToken);

    public IDisposable Subscribe(Func<Task> onUpdated)
    {
        lock (_lock)
        {
            _subscribers.Add(onUpdated);
            if (_loop is null)
            {
                _loop = new CancellationTokenSource();
                _ = RunAsync(_loop.Token);
            }
        }
        return new Subscription(this, onUpdated);
    }

    /// <summary>Reads once now and tells the subscribers (tests and the first render use it).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        LiveSnapshot<T> snapshot;
        try
        {
            snapshot = new LiveSnapshot<T>(await Measured(() => ReadAsync(cancellationToken)), _timeProvider.GetUtcNow(), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ConsoleLog.SourceReadFailed(_logger, Name, ex);
            snapshot = new LiveSnapshot<T>(null, _timeProvider.GetUtcNow(), ex.Message);
        }
        Volatile.Write(ref _current, snapshot);
        Func<Task>[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }
        foreach (var subscriber in subscribers)
        {
            try
            {
                await Measured(subscriber);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ConsoleLog.SubscriberFailed(_logger, ex);
            }
        }
    }

    /// <summary>Starts <paramref name="work"/> and counts the CPU of its synchronous part (up to its first real wait) as console overhead.</summary>
    private TTask Measured<TTask>(Func<TTask> work) where TTask : Task
    {
        if (_overhead is null)
        {
            return work();
        }
        var clock = _overhead.ReadClock();
        try
        {
            return work();
        }
        finally
        {
            _overhead.AddSince(clock);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _subscribers.Clear();
            StopLoop();
        }
        GC.SuppressFinalize(this);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // The timer exists before the first read, so ticks are never lost while a read runs.
        using var timer = new PeriodicTimer(_config.Get(ConsoleDynamicConfigKeys.LiveRefreshInterval), _timeProvider);
        try
        {
            do
            {
                await RefreshAsync(cancellationToken);
                timer.Period = _config.Get(ConsoleDynamicConfigKeys.LiveRefreshInterval);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The last subscriber left.
        }
    }

    private void Unsubscribe(Func<Task> onUpdated)
    {
        lock (_lock)
        {
            _subscribers.Remove(onUpdated);
            if (_subscribers.Count == 0)
            {
                StopLoop();
            }
        }
    }

    private void StopLoop()
    {
        _loop?.Cancel();
        _loop?.Dispose();
        _loop = null;
    }

    private sealed class Subscription(PolledLiveSource<T> source, Func<Task> onUpdated) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                source.Unsubscribe(onUpdated);
            }
        }
    }
}
