using Fencepost.Benchmarks.Cli;
using Fencepost.Benchmarks.Driver;

namespace Fencepost.Benchmarks.Tests;

public class BenchRunTextTests
{
    [Fact]
    public void Render_RunWithGarbageCollections_NamesThemAndTheirShareOfTheWindow()
    {
        var text = BenchRunText.Render(Run(new GcActivity(44, 13, 3, TimeSpan.FromMilliseconds(1_200))));

        Assert.Contains("GC pauses (the whole process stops): 44 gen0, 13 gen1, 3 gen2 collections, paused 1200 ms = 2 % of the window, 20 ms per collection", text);
    }

    [Fact]
    public void Render_RunWithoutGarbageCollectionReadings_HasNoGcLine()
    {
        var text = BenchRunText.Render(Run(gc: null));

        Assert.DoesNotContain("GC pauses", text);
    }

    private static BenchmarkRun Run(GcActivity? gc) => new()
    {
        RunId = "run-gc",
        Mode = LoadMode.OpenLoop,
        Lost = 0,
        Gc = gc,
        Report = BenchmarkReport.From(new BenchmarkCounts
        {
            Scenario = "simple",
            StartedAt = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero),
            Duration = TimeSpan.FromSeconds(60),
            OfferedRate = 150,
            Started = 9_000,
            Completed = 9_000,
            Failed = 0,
            Machine = "test machine",
        }),
    };
}
