using System.Text.Json;
using Fencepost.ConsoleWeb.Metrics;
using Fencepost.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics.Export;

namespace Fencepost.ConsoleWeb.Tests.Metrics;

public class EmfSnapshotConverterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 18, 0, 0, TimeSpan.Zero);
    private static readonly KeyValuePair<string, string>[] Tags = [new("operation", "ShardWrite"), new("store", "embedded")];

    private static InstrumentSnapshot Counter(double total) =>
        new("Fencepost.Persistence", "dsql_tx_conflict_total", "{conflict}", null, MetricKind.Counter, null, [new MetricPointSnapshot(Tags, total, null)]);

    private static InstrumentSnapshot Latency(long count, double sum) =>
        new("Fencepost.Persistence", "dsql_tx_latency", "s", null, MetricKind.Histogram, [0.01, 0.1],
            [new MetricPointSnapshot(Tags, sum, new HistogramSnapshot([count, 0, 0], sum, count))]);

    [Fact]
    public void Convert_CounterTwice_SendsTheIncreaseWithTagsAsDimensions()
    {
        var converter = new EmfSnapshotConverter(new CloudWatchEmfFormatter("Fencepost"));

        converter.Convert(At, [Counter(5)]);
        var line = Assert.Single(converter.Convert(At.AddMinutes(1), [Counter(12)]));

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(7, root.GetProperty("dsql_tx_conflict_total").GetDouble());
        Assert.Equal("ShardWrite", root.GetProperty("operation").GetString());
        var directive = root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("Fencepost", directive.GetProperty("Namespace").GetString());
        Assert.Equal(["operation", "store"], directive.GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("Count", directive.GetProperty("Metrics")[0].GetProperty("Unit").GetString());
        Assert.Equal(At.AddMinutes(1).ToUnixTimeMilliseconds(), root.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
    }

    [Fact]
    public void Convert_Histogram_SendsThePeriodsCountAndMeanInSeconds()
    {
        var converter = new EmfSnapshotConverter(new CloudWatchEmfFormatter("Fencepost"));

        converter.Convert(At, [Latency(10, 0.05)]);
        var line = Assert.Single(converter.Convert(At.AddMinutes(1), [Latency(14, 0.09)]));

        using var json = JsonDocument.Parse(line);
        Assert.Equal(4, json.RootElement.GetProperty("dsql_tx_latency_count").GetDouble());
        Assert.Equal(0.01, json.RootElement.GetProperty("dsql_tx_latency_mean").GetDouble(), 9);
        var units = json.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics")
            .EnumerateArray().ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Unit").GetString());
        Assert.Equal("Count", units["dsql_tx_latency_count"]);
        Assert.Equal("Seconds", units["dsql_tx_latency_mean"]);
    }

    [Fact]
    public void Convert_HistogramWithoutNewSamples_SendsZeroCountAndNoMean()
    {
        var converter = new EmfSnapshotConverter(new CloudWatchEmfFormatter("Fencepost"));

        converter.Convert(At, [Latency(3, 0.3)]);
        var line = Assert.Single(converter.Convert(At.AddMinutes(1), [Latency(3, 0.3)]));

        using var json = JsonDocument.Parse(line);
        Assert.Equal(0, json.RootElement.GetProperty("dsql_tx_latency_count").GetDouble());
        Assert.False(json.RootElement.TryGetProperty("dsql_tx_latency_mean", out _));
    }
}
