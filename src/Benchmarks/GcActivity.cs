namespace Fencepost.Benchmarks;

/// <summary>
/// This process's garbage collections between two readings, each counted once under the
/// generation it collected, and the time they paused the process. In a bench run the engine,
/// the SDK workers and the driver share the process, so a pause stops all of them at once: it
/// shows up in every workflow in flight, which is why the report names it beside the stages.
/// </summary>
public sealed record GcActivity(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public int Collections => Gen0 + Gen1 + Gen2;

    /// <summary>Mean pause per collection, or null when there was none.</summary>
    public TimeSpan? MeanPause => Collections > 0 ? Paused / Collections : null;

    /// <summary>
    /// From the runtime's counters, which count a collection under its generation and every younger
    /// one (<see cref="GC.CollectionCount"/>: a gen1 collection also counts as gen0).
    /// </summary>
    public static GcActivity FromRuntimeCounts(int gen0OrOlder, int gen1OrOlder, int gen2, TimeSpan totalPause) =>
        new(gen0OrOlder - gen1OrOlder, gen1OrOlder - gen2, gen2, totalPause);

    public static GcActivity Current() =>
        FromRuntimeCounts(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public GcActivity Since(GcActivity earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new(Gen0 - earlier.Gen0, Gen1 - earlier.Gen1, Gen2 - earlier.Gen2, Paused - earlier.Paused);
    }

    /// <summary>The paused share (0..1) of a window of <paramref name="window"/>.</summary>
    public double PausedShareOf(TimeSpan window) => window > TimeSpan.Zero ? Math.Clamp(Paused / window, 0, 1) : 0;
}
