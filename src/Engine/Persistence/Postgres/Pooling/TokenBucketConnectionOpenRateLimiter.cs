namespace Fencepost.Engine.Persistence.Postgres.Pooling;

/// <summary>
/// A process-local token bucket: starts full with <c>permitsPerSecond</c> tokens and refills
/// continuously at that rate, so no one-second window sees more than that many opens. Callers
/// reserve a token under a lock and sleep (on the injected clock) until it is theirs.
/// </summary>
public sealed class TokenBucketConnectionOpenRateLimiter : IConnectionOpenRateLimiter
{
    private readonly double _permitsPerSecond;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _lastRefill;

    public TokenBucketConnectionOpenRateLimiter(int permitsPerSecond, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerSecond, 1);
        _permitsPerSecond = permitsPerSecond;
        _timeProvider = timeProvider;
        _tokens = permitsPerSecond;
        _lastRefill = timeProvider.GetTimestamp();
    }

    public async ValueTask<bool> WaitToOpenAsync(string endpoint, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            var elapsed = _timeProvider.GetElapsedTime(_lastRefill, now);
            _lastRefill = now;
            _tokens = Math.Min(_permitsPerSecond, _tokens + elapsed.TotalSeconds * _permitsPerSecond);
            _tokens -= 1;
            if (_tokens >= 0)
            {
                return false;
            }
            // The token is reserved (the balance went negative); it is ours once the deficit refills.
            wait = TimeSpan.FromSeconds(-_tokens / _permitsPerSecond);
        }
        await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
