using Fencepost.Diagnostics.Latency;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Diagnostics.Tests.Latency;

public class LatencyRecorderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Summarize_NoSamples_ReturnsNullNotZero()
    {
        var recorder = new LatencyRecorder(_time);
        var name = $"empty-{Guid.NewGuid()}";
        recorder.Series(name);

        Assert.Null(recorder.Summarize(name, TimeSpan.FromMinutes(1)));
        Assert.Null(recorder.Summarize($"unknown-{Guid.NewGuid()}", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Summarize_UniformSamples_PercentilesWithinOnePercent()
    {
        var recorder = new LatencyRecorder(_time);
        var name = $"workflow.e2e-{Guid.NewGuid()}";
        for (var ms = 1; ms <= 1000; ms++)
        {
            recorder.Record(name, TimeSpan.FromMilliseconds(ms));
        }

        var summary = recorder.Summarize(name, TimeSpan.FromMinutes(1));

        Assert.NotNull(summary);
        Assert.Equal(1000, summary.Count);
        Assert.InRange(summary.P50Milliseconds, 495, 505);
        Assert.InRange(summary.P95Milliseconds, 940, 960);
        Assert.InRange(summary.P99Milliseconds, 980, 1000);
        Assert.InRange(summary.MaxMilliseconds, 995, 1010);
        Assert.InRange(summary.MeanMilliseconds, 495, 506);
    }

    [Fact]
    public void Summarize_WindowMergesOnlyItsSeconds()
    {
        var recorder = new LatencyRecorder(_time);
        var series = recorder.Series($"persistence.ShardWrite-{Guid.NewGuid()}");
        series.Record(TimeSpan.FromMilliseconds(900));
        _time.Advance(TimeSpan.FromMinutes(2));
        series.Record(TimeSpan.FromMilliseconds(5));
        series.Record(TimeSpan.FromMilliseconds(5));

        var lastMinute = series.Summarize(TimeSpan.FromMinutes(1));
        var lastFive = series.Summarize(TimeSpan.FromMinutes(5));

        Assert.Equal(2, lastMinute?.Count);
        Assert.InRange(lastMinute!.MaxMilliseconds, 4.9, 5.1);
        Assert.Equal(3, lastFive?.Count);
        Assert.InRange(lastFive!.MaxMilliseconds, 890, 910);
    }

    [Fact]
    public void Summarize_ReadMidSecondThenMoreSamples_CountsEverySampleOnce()
    {
        var recorder = new LatencyRecorder(_time);
        var series = recorder.Series($"rpc.Poll-{Guid.NewGuid()}");
        series.RecordMicroseconds(100);
        Assert.Equal(1, series.Summarize(TimeSpan.FromSeconds(1))?.Count);

        series.RecordMicroseconds(200);
        series.RecordMicroseconds(300);
        Assert.Equal(3, series.Summarize(TimeSpan.FromSeconds(1))?.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        series.RecordMicroseconds(400);
        Assert.Equal(4, series.Summarize(TimeSpan.FromSeconds(2))?.Count);
        Assert.Equal(1, series.Summarize(TimeSpan.FromSeconds(1))?.Count);
    }

    [Fact]
    public void Summarize_BeyondRetention_Forgotten()
    {
        var recorder = new LatencyRecorder(_time, new LatencyRecorderOptions { Retention = TimeSpan.FromSeconds(30) });
        var series = recorder.Series($"old-{Guid.NewGuid()}");
        series.RecordMicroseconds(1_000);
        _time.Advance(TimeSpan.FromSeconds(30));
        series.RecordMicroseconds(2_000);

        var summary = series.Summarize(TimeSpan.FromHours(1));

        Assert.Equal(1, summary?.Count);
        Assert.Equal(_time.GetUtcNow().AddSeconds(-29).ToUnixTimeSeconds(), summary!.From.ToUnixTimeSeconds());
    }

    [Fact]
    public void RecordMicroseconds_OutOfRange_ClampedToTrackableRange()
    {
        var recorder = new LatencyRecorder(_time, new LatencyRecorderOptions { HighestTrackable = TimeSpan.FromSeconds(10) });
        var series = recorder.Series($"clamp-{Guid.NewGuid()}");
        series.RecordMicroseconds(-5);
        series.Record(TimeSpan.FromMinutes(5));

        var summary = series.Summarize(TimeSpan.FromMinutes(1));

        Assert.Equal(2, summary?.Count);
        Assert.Equal(1, summary!.P50Micros);
        Assert.InRange(summary.MaxMicros, 9_900_000, 10_100_000);
    }

    [Fact]
    public void P99PerSecond_SecondsWithoutSamples_AreGaps()
    {
        var recorder = new LatencyRecorder(_time);
        var name = $"schedule_to_start-{Guid.NewGuid()}";
        recorder.RecordMicroseconds(name, 10_000);
        _time.Advance(TimeSpan.FromSeconds(2));
        recorder.RecordMicroseconds(name, 20_000);

        var points = recorder.P99PerSecond(name, TimeSpan.FromSeconds(4));

        Assert.Equal(4, points.Count);
        Assert.Null(points[0].P99Micros);
        Assert.InRange(points[1].P99Milliseconds!.Value, 9.9, 10.1);
        Assert.Null(points[2].P99Micros);
        Assert.Equal(0, points[2].Count);
        Assert.InRange(points[3].P99Milliseconds!.Value, 19.8, 20.2);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), points[3].At.ToUnixTimeSeconds());
    }

    [Fact]
    public void P99PerSecond_UnknownSeries_AllGapsAndNotCreated()
    {
        var recorder = new LatencyRecorder(_time);

        var points = recorder.P99PerSecond($"unknown-{Guid.NewGuid()}", TimeSpan.FromSeconds(10));

        Assert.Equal(10, points.Count);
        Assert.All(points, p => Assert.Null(p.P99Micros));
        Assert.Empty(recorder.SeriesNames);
    }

    [Fact]
    public void SeriesNames_ListsRecordedSeriesSorted()
    {
        var recorder = new LatencyRecorder(_time);
        recorder.RecordMicroseconds("rpc.b", 1);
        recorder.RecordMicroseconds("rpc.a", 1);

        Assert.Equal(["rpc.a", "rpc.b"], recorder.SeriesNames);
        Assert.Same(recorder.Series("rpc.a"), recorder.Series("rpc.a"));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryError()
    {
        var error = Assert.Throws<ArgumentException>(() => new LatencyRecorder(
            _time,
            new LatencyRecorderOptions { Retention = TimeSpan.Zero, SignificantDigits = 9, HighestTrackable = TimeSpan.Zero }));

        Assert.Contains("Retention", error.Message, StringComparison.Ordinal);
        Assert.Contains("SignificantDigits", error.Message, StringComparison.Ordinal);
        Assert.Contains("HighestTrackable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordMicroseconds_WritersRacingClockAndReaders_LosesNoSample()
    {
        var recorder = new LatencyRecorder(_time);
        var series = recorder.Series($"race-{Guid.NewGuid()}");
        const int writers = 4;
        const int perWriter = 20_000;
        using var go = new ManualResetEventSlim();
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            go.Wait();
            for (var i = 0; i < perWriter; i++)
            {
                series.RecordMicroseconds(1 + (i % 5_000));
            }
        })).ToArray();
        var ticking = Task.Run(() =>
        {
            go.Wait();
            // Bounded well inside the one-hour retention, so every sample must still be in the window.
            for (var tick = 0; tick < 600 && !writing.All(t => t.IsCompleted); tick++)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                _ = series.Summarize(TimeSpan.FromMinutes(1));
            }
        });

        go.Set();
        await Task.WhenAll(writing);
        await ticking;

        Assert.Equal(writers * perWriter, series.Summarize(TimeSpan.FromHours(1))?.Count);
    }
}
