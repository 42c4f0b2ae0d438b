
namespace Fencepost.Benchmarks.Tests;

public class GcActivityTests
{
    [Fact]
    public void FromRuntimeCounts_YoungerCountsIncludeOlderCollections_EachCollectionCountedOnce()
    {
        // The runtime's gen0 count (10) includes the 4 gen1 collections, which include the 1 gen2.
        var activity = GcActivity.FromRuntimeCounts(10, 4, 1, TimeSpan.FromMilliseconds(500));

        Assert.Equal((6, 3, 1), (activity.Gen0, activity.Gen1, activity.Gen2));
        Assert.Equal(10, activity.Collections);
        Assert.Equal(TimeSpan.FromMilliseconds(50), activity.MeanPause);
    }

    [Fact]
    public void Since_TwoReadings_IsWhatHappenedBetweenThem()
    {
        var before = GcActivity.FromRuntimeCounts(10, 4, 1, TimeSpan.FromMilliseconds(500));
        var after = GcActivity.FromRuntimeCounts(25, 7, 2, TimeSpan.FromMilliseconds(900));

        var window = after.Since(before);

        Assert.Equal(new GcActivity(12, 2, 1, TimeSpan.FromMilliseconds(400)), window);
        Assert.Equal(0.01, window.PausedShareOf(TimeSpan.FromSeconds(40)), 6);
    }

    [Fact]
    public void MeanPause_NoCollections_IsMissingNotZero()
    {
        var none = new GcActivity(0, 0, 0, TimeSpan.Zero);

        Assert.Null(none.MeanPause);
        Assert.Equal(0, none.PausedShareOf(TimeSpan.Zero));
    }

    [Fact]
    public void Current_AfterAForcedCollection_CountsItAndItsPause()
    {
        var before = GcActivity.Current();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);

        var window = GcActivity.Current().Since(before);

        Assert.True(window.Gen2 >= 1, $"A forced gen2 collection was not counted: {window}.");
        Assert.True(window.Paused > TimeSpan.Zero, $"A blocking collection paused nothing: {window}.");
    }
}
