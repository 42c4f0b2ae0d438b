using Fencepost.Benchmarks.Driver;

namespace Fencepost.Benchmarks.Tests.Driver;

public sealed class BenchmarkRunStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"fencepost-runs-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static BenchmarkRun Run(string id, DateTimeOffset startedAt)
    {
        var options = new LoadDriverOptions { Rate = 5, Warmup = TimeSpan.Zero, RampUp = TimeSpan.Zero, Duration = TimeSpan.FromSeconds(2) };
        var tracker = new RunTracker(options.Warmup, options.Duration, options.DrainTimeout);
        tracker.Offered(TimeSpan.FromSeconds(1));
        tracker.Completed(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1));
        return BenchmarkRun.Assemble(id, "simple", options, startedAt, tracker, MeasuredWindow.Empty, null, TimeSpan.FromSeconds(3), "m");
    }

    [Fact]
    public async Task ListAsync_TwoSavedRuns_NewestFirst()
    {
        var store = new BenchmarkRunStore(_folder);
        var older = Run("older", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var newer = Run("newer", new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));

        var path = await store.SaveAsync(older);
        await store.SaveAsync(newer);
        var reports = await store.ListAsync();

        Assert.StartsWith(_folder, path, StringComparison.Ordinal);
        Assert.Equal([newer.Report, older.Report], reports);
    }

    [Fact]
    public async Task ListAsync_FolderWithAForeignFile_SkipsIt()
    {
        var store = new BenchmarkRunStore(_folder);
        await store.SaveAsync(Run("kept", DateTimeOffset.UnixEpoch));
        await File.WriteAllTextAsync(Path.Combine(_folder, "notes.json"), "not json");

        var reports = await store.ListAsync();

        Assert.Single(reports);
    }

    [Fact]
    public async Task ListAsync_MissingFolder_ReturnsEmpty()
    {
        var reports = await new BenchmarkRunStore(_folder).ListAsync();

        Assert.Empty(reports);
    }

    [Fact]
    public async Task ReadRunAsync_TwoSavedRuns_ReadsOnlyTheFileOfTheOneAsked()
    {
        var store = new BenchmarkRunStore(_folder);
        await store.SaveAsync(Run("run-a", DateTimeOffset.UnixEpoch));
        await store.SaveAsync(Run("run-b", DateTimeOffset.UnixEpoch));
        var read = new List<string>();

        var found = await store.ReadRunAsync("run-b", json => { read.Add(json); return json; });

        Assert.Single(found);
        Assert.Contains("run-b", read.Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("../run-a")]
    [InlineData("")]
    public async Task ReadRunAsync_NotARunId_ReadsNothing(string runId)
    {
        var store = new BenchmarkRunStore(_folder);
        await store.SaveAsync(Run("run-a", DateTimeOffset.UnixEpoch));

        Assert.Empty(await store.ReadRunAsync(runId, json => json));
    }
}
