using System.Diagnostics.Metrics;
using Fencepost.ConsoleWeb.Data.Overview;
using Fencepost.ConsoleWeb.Telemetry;
using Fencepost.Diagnostics.Health;
using Fencepost.Diagnostics.Latency;
using Fencepost.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics.Sampling;
using Fencepost.Engine.Introspection;
using Fencepost.Engine.Persistence.Model;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.ConsoleWeb.Tests.Overview;

public sealed class ForwardProgressReaderTests : IDisposable
{
    // A meter name unique to this test instance, so parallel tests' meters never reach this collector.
    private readonly string _prefix = "FencepostTest." + Guid.NewGuid().ToString("N");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero));
    private readonly Meter _meter;
    private readonly MetricsCollector _collector;
    private readonly MetricsSampler _sampler;
    private readonly LatencyRecorder _latency;
    private readonly ForwardProgressReader _reader;

    public ForwardProgressReaderTests()
    {
        _meter = new Meter(_prefix);
        _collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = _prefix });
        _sampler = new MetricsSampler(_collector, _time);
        _latency = new LatencyRecorder(_time);
        _reader = new ForwardProgressReader(_sampler, _latency, _time);
    }

    public void Dispose()
    {
        _sampler.Dispose();
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Read_CompletionsAndShardWritesEachSecond_RatesFromTheSampledHistograms()
    {
        var endToEnd = _meter.CreateHistogram<double>("fencepost.workflow.end_to_end.duration", "s");
        var transactions = _meter.CreateHistogram<double>("dsql_tx_latency", "s");
        for (var second = 0; second < 5; second++)
        {
            for (var i = 0; i < 4; i++)
            {
                endToEnd.Record(0.5);
                transactions.Record(0.002, new("operation", "ShardWrite"), new("outcome", "ok"));
                transactions.Record(0.002, new("operation", "GetExecution"), new("outcome", "ok"));
            }
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var (signals, numbers) = _reader.Read(0, [], []);

        Assert.Equal(4, signals.CompletionsPerSecond, 3);
        Assert.Equal(4, signals.StateTransitionsPerSecond, 3);
        Assert.Equal(HealthState.Progressing, new HealthEvaluator().Evaluate(signals).State);
        Assert.Equal(4, numbers.Single(n => n.Label == "Workflow completions").Value!.Value, 3);
    }

    [Fact]
    public void Read_NothingMeasured_RatesAreNoDataOnScreenAndZeroForTheVerdict()
    {
        _time.Advance(TimeSpan.FromSeconds(3));

        var (signals, numbers) = _reader.Read(2, [], []);

        Assert.All(numbers, n => Assert.Null(n.Value));
        Assert.Equal(0, signals.CompletionsPerSecond);
        Assert.Null(signals.PersistenceP99);
        Assert.Equal(HealthState.Stalled, new HealthEvaluator().Evaluate(signals).State);
    }

    [Fact]
    public void Read_PersistenceLatencies_P99FromTheAllOperationsSeries()
    {
        for (var i = 1; i <= 100; i++)
        {
            _latency.Record(LatencySeriesNames.PersistenceAll, TimeSpan.FromMilliseconds(i));
        }

        var (signals, numbers) = _reader.Read(0, [], []);

        Assert.InRange(signals.PersistenceP99!.Value.TotalMilliseconds, 98, 101);
        Assert.NotNull(numbers.Single(n => n.Label == "Persistence p99").Value);
    }

    [Fact]
    public void Read_QueuedTasksAndNoneStarted_BacklogAgeIsAtLeastTheWindow()
    {
        var queue = new TaskQueueSnapshot("default", "q-" + Guid.NewGuid().ToString("N"), 0, 1, 5, 0, []);

        var (signals, _) = _reader.Read(0, [], [queue]);

        Assert.Equal(ForwardProgressReader.SignalWindow, signals.OldestBacklogAge);
    }

    [Fact]
    public void Read_ScheduleToStartMeasured_BacklogAgeIsTheLongestWait()
    {
        _latency.Record(LatencySeriesNames.ScheduleToStart("workflow"), TimeSpan.FromSeconds(2));
        _latency.Record(LatencySeriesNames.ScheduleToStart("activity"), TimeSpan.FromMilliseconds(30));

        var (signals, _) = _reader.Read(0, [], []);

        Assert.InRange(signals.OldestBacklogAge!.Value.TotalSeconds, 1.98, 2.02);
    }

    [Fact]
    public void Read_ShardRows_CountsReacquisitionsInsideTheWindowOnly()
    {
        var now = _time.GetUtcNow();
        ShardInfo Shard(int id, long rangeId, TimeSpan ago) => new(id, rangeId, "host-a", now - ago, now, []);

        var (signals, _) = _reader.Read(0,
        [
            Shard(1, 5, TimeSpan.FromSeconds(10)),   // moved recently
            Shard(2, 1, TimeSpan.FromSeconds(10)),   // first acquisition of a fresh cluster
            Shard(3, 7, TimeSpan.FromMinutes(10)),   // moved long ago
        ], []);

        Assert.Equal(1, signals.ShardOwnershipChanges);
    }
}
