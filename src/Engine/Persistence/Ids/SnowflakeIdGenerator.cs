namespace Fencepost.Engine.Persistence.Ids;

/// <summary>
/// Application-generated 64-bit ids (41-bit milliseconds since 2024-01-01, 10-bit node, 12-bit
/// sequence), so no table depends on sequences or SERIAL, which DSQL lacked until 2026.
/// </summary>
public sealed class SnowflakeIdGenerator
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TimeProvider _time;
    private readonly long _node;
    private readonly Lock _lock = new();
    private long _lastMillis = -1;
    private long _sequence;

    public SnowflakeIdGenerator(int node, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(node, 1023);
        _node = node;
        _time = time;
    }

    public long NextId()
    {
        lock (_lock)
        {
            var millis = (long)(_time.GetUtcNow() - Epoch).TotalMilliseconds;
            if (millis < _lastMillis)
            {
                // The clock went backwards: keep counting from the last time seen so ids stay unique and increasing.
                millis = _lastMillis;
            }
            if (millis == _lastMillis)
            {
                _sequence = (_sequence + 1) & 0xFFF;
                if (_sequence == 0)
                {
                    millis = ++_lastMillis;
                }
            }
            else
            {
                _sequence = 0;
            }
            _lastMillis = millis;
            return (millis << 22) | (_node << 12) | _sequence;
        }
    }
}
