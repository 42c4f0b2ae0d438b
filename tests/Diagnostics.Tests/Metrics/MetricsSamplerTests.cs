using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics.Sampling;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Diagnostics.Tests.Metrics;

public sealed class MetricsSamplerTests : IDisposable
{
    private readonly string _prefix = $"Fencepost.Tests.{Guid.NewGuid():N}";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly Meter _meter;
    private readonly MetricsCollector _collector;

    public MetricsSamplerTests()
    {
        _meter = new Meter(_prefix);
        _collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = _prefix });
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Series_Counter_ChartedAsRatePerSecondWithFirstSecondAGap()
    {
        using var sampler = new MetricsSampler(_collector, _time);
        var conflicts = _meter.CreateCounter<long>("dsql_tx_conflict_total", "{conflict}");
        conflicts.Add(5);
        Tick();
        conflicts.Add(10);
        Tick();
        Tick();

        var series = sampler.Series("dsql_tx_conflict_total", TimeSpan.FromSeconds(4));

        Assert.Equal("{conflict}/s", series.Unit);
        Assert.Equal(MetricKind.Counter, series.Kind);
        Assert.Equal([null, null, 10.0, 0.0], series.Points.Select(p => p.Value));
        Assert.Equal(_time.GetUtcNow(), series.Points[^1].At);
        Assert.Equal(0.0, sampler.Latest("dsql_tx_conflict_total"));
    }

    [Fact]
    public void Series_ObservableGauge_ValuePerSecond()
    {
        using var sampler = new MetricsSampler(_collector, _time);
        var open = 3;
        _meter.CreateObservableGauge("dsql_pool_open", () => open, "{connection}");
        Tick();
        open = 8;
        Tick();

        var series = sampler.Series("dsql_pool_open", TimeSpan.FromSeconds(3));

        Assert.Equal("{connection}", series.Unit);
        Assert.Equal([null, 3.0, 8.0], series.Points.Select(p => p.Value));
    }

    [Fact]
    public void Series_TagFilter_SumsMatchingTagSets()
    {
        using var sampler = new MetricsSampler(_collector, _time);
        var retries = _meter.CreateCounter<long>("dsql_tx_retry_total");
        Tick();
        retries.Add(2, new KeyValuePair<string, object?>("store", "dsql"), new KeyValuePair<string, object?>("operation", "a"));
        retries.Add(3, new KeyValuePair<string, object?>("store", "dsql"), new KeyValuePair<string, object?>("operation", "b"));
        retries.Add(7, new KeyValuePair<string, object?>("store", "postgres"), new KeyValuePair<string, object?>("operation", "a"));
        Tick();
        retries.Add(1, new KeyValuePair<string, object?>("store", "dsql"), new KeyValuePair<string, object?>("operation", "a"));
        Tick();

        var dsql = sampler.Series("dsql_tx_retry_total", TimeSpan.FromSeconds(1), new Dictionary<string, string> { ["store"] = "dsql" });
        var all = sampler.Series("dsql_tx_retry_total", TimeSpan.FromSeconds(1));
        var none = sampler.Series("dsql_tx_retry_total", TimeSpan.FromSeconds(1), new Dictionary<string, string> { ["store"] = "embedded" });

        Assert.Equal(1.0, Assert.Single(dsql.Points).Value);
        Assert.Equal(1.0, Assert.Single(all.Points).Value);
        Assert.Null(Assert.Single(none.Points).Value);
        var descriptor = Assert.Single(sampler.Instruments);
        Assert.Equal(3, descriptor.TagSets.Count);
    }

    [Fact]
    public void Series_Histogram_ChartedAsObservationsPerSecond()
    {
        using var sampler = new MetricsSampler(_collector, _time);
        var latency = _meter.CreateHistogram<double>("dsql_tx_latency", "s");
        latency.Record(0.01);
        Tick();
        latency.Record(0.01);
        latency.Record(0.02);
        Tick();

        var series = sampler.Series("dsql_tx_latency", TimeSpan.FromSeconds(1));

        Assert.Equal(2.0, Assert.Single(series.Points).Value);
        Assert.Equal("{measurement}/s", series.Unit);
    }

    [Fact]
    public void Series_UnknownInstrument_AllGaps()
    {
        using var sampler = new MetricsSampler(_collector, _time);
        Tick();

        var series = sampler.Series($"missing-{Guid.NewGuid()}", TimeSpan.FromSeconds(5));

        Assert.Equal(5, series.Points.Count);
        Assert.All(series.Points, p => Assert.Null(p.Value));
        Assert.Null(series.LastWithValue);
    }

    [Fact]
    public void Series_OlderThanRetention_Forgotten()
    {
        using var sampler = new MetricsSampler(_collector, _time, new MetricsSamplerOptions { Retention = TimeSpan.FromSeconds(5) });
        var gauge = 1;
        _meter.CreateObservableGauge("g", () => gauge);
        for (var i = 0; i < 8; i++)
        {
            gauge = i;
            Tick();
        }

        var series = sampler.Series("g", TimeSpan.FromHours(1));

        Assert.Equal([3.0, 4, 5, 6, 7], series.Points.Select(p => p.Value));
    }

    [Fact]
    public void Dispose_StopsSampling()
    {
        var sampler = new MetricsSampler(_collector, _time);
        var gauge = 1;
        _meter.CreateObservableGauge("stopped", () => gauge);
        Tick();
        sampler.Dispose();
        Tick();

        Assert.Equal([1.0, null], sampler.Series("stopped", TimeSpan.FromSeconds(2)).Points.Select(p => p.Value));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryError()
    {
        var error = Assert.Throws<ArgumentException>(() => new MetricsSampler(_collector, _time, new MetricsSamplerOptions { Retention = TimeSpan.Zero, MaxSeries = 0 }));

        Assert.Contains("Retention", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxSeries", error.Message, StringComparison.Ordinal);
    }

    private void Tick() => _time.Advance(TimeSpan.FromSeconds(1));
}
