namespace Fencepost.ConsoleWeb.Live;

/// <summary>
/// The console's busy time as a share of the machine (busy / (wall x cores)) over the last
/// <see cref="Window"/>, from readings taken whenever someone asks (so it costs nothing unwatched).
/// </summary>
public sealed class BusyShareTracker(IConsoleOverheadMeter meter, TimeProvider time, int? processors = null)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly Queue<(DateTimeOffset At, TimeSpan Busy)> _readings = new();
    private readonly int _processors = processors ?? Environment.ProcessorCount;
    private readonly Lock _gate = new();

    /// <summary>The share since the oldest reading within the window, or null on the first reading.</summary>
    public double? Measure()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var busy = meter.BusyTime;
            while (_readings.Count > 1 && now - _readings.Peek().At > Window)
            {
                _readings.Dequeue();
            }
            double? share = null;
            if (_readings.TryPeek(out var oldest) && now > oldest.At)
            {
                share = Math.Clamp((busy - oldest.Busy) / ((now - oldest.At) * _processors), 0, 1);
            }
            _readings.Enqueue((now, busy));
            return share;
        }
    }
}
