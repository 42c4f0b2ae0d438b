using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics.Export;

namespace Fencepost.Diagnostics.Tests.Metrics;

public class PrometheusTextExporterTests
{
    private readonly string _prefix = $"Fencepost.Tests.{Guid.NewGuid():N}";

    [Fact]
    public void Export_Counter_TotalSuffixPerTagSetWithHelpAndType()
    {
        using var meter = new Meter(_prefix);
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = _prefix });
        var counter = meter.CreateCounter<long>("dsql_tx_conflict_total", "{conflict}", "Commits that lost an OCC race (40001).");
        counter.Add(2, new KeyValuePair<string, object?>("store", "dsql"), new KeyValuePair<string, object?>("operation", "Update"));
        counter.Add(3, new KeyValuePair<string, object?>("operation", "Update"), new KeyValuePair<string, object?>("store", "dsql"));
        counter.Add(1, new KeyValuePair<string, object?>("store", "postgres"), new KeyValuePair<string, object?>("operation", "Update"));

        var parsed = PrometheusTextParser.Parse(new PrometheusTextExporter(collector).Export());

        Assert.Equal("counter", parsed.Types["dsql_tx_conflict_total"]);
        Assert.Equal("Commits that lost an OCC race (40001).", parsed.Help["dsql_tx_conflict_total"]);
        Assert.Equal("5", parsed.Single("dsql_tx_conflict_total", ("store", "dsql"), ("operation", "Update")).Value);
        Assert.Equal("1", parsed.Single("dsql_tx_conflict_total", ("store", "postgres")).Value);
    }

    [Fact]
    public void Export_HistogramInSeconds_CumulativeBucketsSumAndCount()
    {
        using var meter = new Meter(_prefix);
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = _prefix });
        var latency = meter.CreateHistogram<double>("db.client.operation.duration", "s", "Duration of database operations.");
        var tags = new TagList { { "operation", "ShardWrite" } };
        latency.Record(0.004, tags);
        latency.Record(0.004, tags);
        latency.Record(0.2, tags);
        latency.Record(30, tags);

        var parsed = PrometheusTextParser.Parse(new PrometheusTextExporter(collector).Export());

        const string name = "db_client_operation_duration_seconds";
        Assert.Equal("histogram", parsed.Types[name]);
        Assert.Equal("0", parsed.Single(name + "_bucket", ("le", "0.0025")).Value);
        Assert.Equal("2", parsed.Single(name + "_bucket", ("le", "0.005")).Value);
        Assert.Equal("3", parsed.Single(name + "_bucket", ("le", "0.25")).Value);
        Assert.Equal("3", parsed.Single(name + "_bucket", ("le", "10")).Value);
        Assert.Equal("4", parsed.Single(name + "_bucket", ("le", "+Inf"), ("operation", "ShardWrite")).Value);
        Assert.Equal(30.208, double.Parse(parsed.Single(name + "_sum").Value, System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal("4", parsed.Single(name + "_count").Value);
        var les = parsed.Samples.Where(s => s.Name == name + "_bucket").Select(s => s.Labels["le"]).ToList();
        Assert.Equal("+Inf", les[^1]);
    }

    [Fact]
    public void Export_HistogramWithAdvice_UsesAdvisedBoundaries()
    {
        using var meter = new Meter(_prefix);
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = _prefix });
        var sizes = meter.CreateHistogram("batch.size", "{row}", "Rows per batch.", tags: null, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [10, 100, 1000] });
        sizes.Record(50);

        var parsed = PrometheusTextParser.Parse(new PrometheusTextExporter(collector).Export());

        Assert.Equal(["10", "100", "1000", "+Inf"], parsed.Samples.Where(s => s.Name == "batch_size_bucket").Select(s => s.Labels["le"]));
    }

    [Fact]
    public void Export_GaugesAndUpDownCounters_AreGaugesWithUnitSuffixes()
    {
        using var meter = new Meter(_prefix);
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = _prefix });
        var open = 7;
        meter.CreateObservableGauge("dsql_pool_open", () => open, "{connection}", "Open connections.");
        meter.CreateObservableGauge("cache.hit_fraction", () => 0.75, "1", "Hits over lookups.");
        meter.CreateUpDownCounter<long>("queue.backlog", "By").Add(2048);
        meter.CreateObservableCounter("process.cpu.time", () => 12.5, "s", "CPU time.");

        var first = PrometheusTextParser.Parse(new PrometheusTextExporter(collector).Export());
        open = 9;
        var second = PrometheusTextParser.Parse(new PrometheusTextExporter(collector).Export());

        Assert.Equal("gauge", first.Types["dsql_pool_open"]);
        Assert.Equal("7", first.Single("dsql_pool_open").Value);
        Assert.Equal("9", second.Single("dsql_pool_open").Value);
        Assert.Equal("0.75", first.Single("cache_hit_fraction_ratio").Value);
        Assert.Equal("gauge", first.Types["queue_backlog_bytes"]);
        Assert.Equal("2048", first.Single("queue_backlog_bytes").Value);
        Assert.Equal("counter", first.Types["process_cpu_time_seconds_total"]);
        Assert.Equal("12.5", second.Single("process_cpu_time_seconds_total").Value);
        Assert.Equal("queue.backlog", first.Help["queue_backlog_bytes"]);
    }

    [Fact]
    public void Export_AwkwardNamesAndValues_SanitizedAndEscaped()
    {
        using var meter = new Meter(_prefix);
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = _prefix });
        var counter = meter.CreateCounter<int>("9rpc-calls..made", "{call}/s", "Calls \\ per\nsecond.");
        counter.Add(1, new KeyValuePair<string, object?>("rpc.method", "Poll\"Workflow\"\\Task\nQueue"), new KeyValuePair<string, object?>("__reserved", 1));

        var text = new PrometheusTextExporter(collector).Export();
        var parsed = PrometheusTextParser.Parse(text);

        var sample = Assert.Single(parsed.Samples);
        Assert.Equal("_9rpc_calls_made_per_second_total", sample.Name);
        Assert.Equal("Poll\"Workflow\"\\Task\nQueue", sample.Labels["rpc_method"]);
        Assert.Equal("1", sample.Labels["_reserved"]);
        Assert.Contains(@"# HELP _9rpc_calls_made_per_second_total Calls \\ per\nsecond.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_MetersOutsideThePrefix_Ignored()
    {
        using var ours = new Meter(_prefix);
        using var theirs = new Meter($"Other.{Guid.NewGuid():N}");
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = _prefix });
        ours.CreateCounter<long>("ours").Add(1);
        theirs.CreateCounter<long>("theirs").Add(1);

        var parsed = PrometheusTextParser.Parse(new PrometheusTextExporter(collector).Export());

        Assert.Equal(["ours_total"], parsed.Samples.Select(s => s.Name));
    }

    [Fact]
    public void Export_TooManyTagSets_FoldIntoOverflowSeries()
    {
        using var meter = new Meter(_prefix);
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = _prefix, MaxTagSetsPerInstrument = 3 });
        var counter = meter.CreateCounter<long>("requests");
        for (var i = 0; i < 10; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("workflow_id", $"wf-{i}"));
        }

        var parsed = PrometheusTextParser.Parse(new PrometheusTextExporter(collector).Export());

        Assert.Equal(4, parsed.Samples.Count);
        Assert.Equal("7", parsed.Single("requests_total", ("otel_metric_overflow", "true")).Value);
    }

    [Fact]
    public async Task Record_ConcurrentWriters_CountsEveryIncrement()
    {
        using var meter = new Meter(_prefix);
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = _prefix });
        var counter = meter.CreateCounter<double>("work");
        const int writers = 4;
        const int perWriter = 25_000;
        using var go = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            go.Wait();
            for (var i = 0; i < perWriter; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("writer", w % 2));
            }
        })).ToArray();

        go.Set();
        await Task.WhenAll(tasks);

        var points = Assert.Single(collector.Collect()).Points;
        Assert.Equal(2, points.Count);
        Assert.All(points, p => Assert.Equal(writers * perWriter / 2, p.Value));
    }
}
