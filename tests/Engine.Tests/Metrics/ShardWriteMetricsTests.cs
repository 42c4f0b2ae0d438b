using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fencepost.Engine.History;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;
using Fencepost.Engine.Tests.Queues;

namespace Fencepost.Engine.Tests.Metrics;

/// <summary>The shard writer feeds the persistence-latency and batch-size histograms when a write commits.</summary>
public class ShardWriteMetricsTests
{
    [Fact]
    public async Task SubmitAsync_WriteCommits_RecordsLatencyAndBatchSize()
    {
        await using var harness = await ShardQueueHarness.StartAsync(ShardTaskRetryPolicy.Default);
        var latencies = new ConcurrentBag<(double Seconds, string? Operation)>();
        var batchSizes = new ConcurrentBag<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this harness's meters: other tests in the process run engines of their own.
            if (instrument.Meter.Name == EngineInstruments.MeterName && ReferenceEquals(instrument.Meter.Scope, harness.Meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "db.client.operation.duration")
            {
                string? operation = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "db.operation.name") operation = tag.Value as string;
                }
                latencies.Add((value, operation));
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "fencepost.shard.write.batch_size") batchSizes.Add(value);
        });
        listener.Start();

        var write = new PendingShardWrite();
        write.Tasks.Add(new NewShardTask(ShardTaskCategory.Transfer, DateTimeOffset.MinValue, new ShardTaskData { Kind = ShardTaskKind.CloseExecution, WorkflowId = "metrics" }));
        await harness.Shard.SubmitAsync(write);

        var latency = Assert.Single(latencies);
        Assert.Equal(ShardContext.ShardWriteOperation, latency.Operation);
        Assert.True(latency.Seconds >= 0);
        Assert.Equal(1, Assert.Single(batchSizes));
    }
}
