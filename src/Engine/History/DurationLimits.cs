namespace Fencepost.Engine.History;

/// <summary>
/// The longest duration the engine acts on: 100 years of 365 days, as Temporal's server, which caps
/// every duration it receives (timers, timeouts, retry intervals, start delays) at this length
/// rather than refusing it. Well inside DateTimeOffset's range (year 9999) from any clock reading,
/// so adding it to a time never overflows, and longer than any .NET timer can wait, so waits on it
/// go in slices (see <see cref="Hosting.TimerSlices"/>).
/// </summary>
public static class DurationLimits
{
    public const long MaxSeconds = 100L * 365 * 24 * 60 * 60;

    public static readonly TimeSpan Max = TimeSpan.FromSeconds(MaxSeconds);

    /// <summary><paramref name="duration"/>, capped at <see cref="Max"/>.</summary>
    public static TimeSpan Cap(TimeSpan duration) => duration > Max ? Max : duration;
}
