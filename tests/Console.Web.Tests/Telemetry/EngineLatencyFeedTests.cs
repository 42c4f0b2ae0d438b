using System.Diagnostics.Metrics;
using Fencepost.ConsoleWeb.Telemetry;
using Fencepost.Diagnostics.Latency;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.ConsoleWeb.Tests.Telemetry;

public sealed class EngineLatencyFeedTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Feed_EngineAndPersistenceHistograms_RecordedPerMethodAndOperation()
    {
        var recorder = new LatencyRecorder(_time);
        using var feed = new EngineLatencyFeed(recorder);
        // Unique tag values: other tests' meters with the same names may report to this listener too.
        var method = "Method" + Guid.NewGuid().ToString("N");
        var operation = "Op" + Guid.NewGuid().ToString("N");
        using var engine = new Meter(EngineInstruments.MeterName);
        using var persistence = new Meter(DsqlTransactionMetrics.MeterName);
        var rpc = engine.CreateHistogram<double>("rpc.server.duration", "s");
        var transactions = persistence.CreateHistogram<double>("dsql_tx_latency", "s");

        rpc.Record(0.004, new("rpc.method", method), new("rpc.grpc.status_code", "OK"));
        transactions.Record(0.012, new("store", "embedded"), new("operation", operation), new("outcome", "ok"));

        var rpcSummary = recorder.Summarize(LatencySeriesNames.Rpc(method), TimeSpan.FromMinutes(1));
        Assert.Equal(1, rpcSummary!.Count);
        Assert.InRange(rpcSummary.P99Milliseconds, 3.9, 4.1);
        Assert.Equal(1, recorder.Summarize(LatencySeriesNames.Persistence(operation), TimeSpan.FromMinutes(1))!.Count);
        Assert.NotNull(recorder.Summarize(LatencySeriesNames.PersistenceAll, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Feed_Disposed_StopsRecording()
    {
        var recorder = new LatencyRecorder(_time);
        var feed = new EngineLatencyFeed(recorder);
        var method = "Method" + Guid.NewGuid().ToString("N");
        using var engine = new Meter(EngineInstruments.MeterName);
        var rpc = engine.CreateHistogram<double>("rpc.server.duration", "s");

        feed.Dispose();
        rpc.Record(0.004, new KeyValuePair<string, object?>("rpc.method", method));

        Assert.Null(recorder.Summarize(LatencySeriesNames.Rpc(method), TimeSpan.FromMinutes(1)));
    }
}
