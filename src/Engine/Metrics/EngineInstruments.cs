using System.Diagnostics.Metrics;

namespace Fencepost.Engine.Metrics;

/// <summary>The engine's instruments (meter "Fencepost.Engine"), OpenTelemetry-style names in seconds.</summary>
public sealed class EngineInstruments
{
    public const string MeterName = "Fencepost.Engine";

    private readonly Histogram<double> _rpcDuration;
    private readonly Histogram<double> _persistenceDuration;
    private readonly Histogram<double> _scheduleToStart;
    private readonly Histogram<double> _workflowEndToEnd;
    private readonly Histogram<int> _shardWriteBatchSize;
    private readonly Counter<long> _deadLetteredTasks;
    private readonly Counter<long> _eagerActivities;
    private readonly Counter<long> _eagerWorkflowStarts;
    private readonly Counter<long> _eagerWorkflowDeclines;
    private int _partitions;

    public EngineInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _rpcDuration = meter.CreateHistogram<double>("rpc.server.duration", "s", "WorkflowService call latency by method and status.");
        _persistenceDuration = meter.CreateHistogram<double>("db.client.operation.duration", "s", "Engine persistence operation latency (shard writes, reads).");
        _scheduleToStart = meter.CreateHistogram<double>("fencepost.task.schedule_to_start.duration", "s", "Time from a task being scheduled to a poller starting it.");
        _workflowEndToEnd = meter.CreateHistogram<double>("fencepost.workflow.end_to_end.duration", "s", "Time from workflow start to close.");
        _shardWriteBatchSize = meter.CreateHistogram<int>("fencepost.shard.write.batch_size", "{write}", "Writes merged into one shard transaction.");
        _deadLetteredTasks = meter.CreateCounter<long>("fencepost.shard_task.dead_lettered", "{task}", "Outbox tasks given up on after their bounded retries.");
        _eagerActivities = meter.CreateCounter<long>("fencepost.activity.eager_started", "{activity}", "Activities started in their workflow task's completion and handed back to the worker, bypassing matching.");
        _eagerWorkflowStarts = meter.CreateCounter<long>("fencepost.workflow.eager_started", "{workflow}", "Workflows whose first workflow task was started in the start's own write and returned in the start response, bypassing matching.");
        _eagerWorkflowDeclines = meter.CreateCounter<long>("fencepost.workflow.eager_declined", "{workflow}", "Starts that asked for eager execution and got no first workflow task in their response, by reason.");
        meter.CreateObservableGauge("fencepost.matching.partitions", () => Volatile.Read(ref _partitions), "{partition}", "Largest partition count in use.");
    }

    public void RecordRpc(string method, string status, TimeSpan elapsed)
    {
        if (_rpcDuration.Enabled)
        {
            _rpcDuration.Record(elapsed.TotalSeconds, new("rpc.method", method), new("rpc.grpc.status_code", status));
        }
    }

    public void RecordPersistence(string operation, TimeSpan elapsed)
    {
        if (_persistenceDuration.Enabled)
        {
            _persistenceDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("db.operation.name", operation));
        }
    }

    public void RecordShardWriteBatch(int parts)
    {
        if (_shardWriteBatchSize.Enabled)
        {
            _shardWriteBatchSize.Record(parts);
        }
    }

    public void RecordDeadLetteredTask(Persistence.Model.ShardTaskCategory category, Queues.ShardTaskKind kind) =>
        _deadLetteredTasks.Add(1, new("fencepost.task.category", category.ToString()), new("fencepost.task.kind", kind.ToString()));

    public void RecordEagerActivities(int count)
    {
        if (count > 0)
        {
            _eagerActivities.Add(count);
        }
    }

    public void RecordEagerWorkflowStart() => _eagerWorkflowStarts.Add(1);

    public void RecordEagerWorkflowStartDeclined(EagerWorkflowStartDeclineReason reason) =>
        _eagerWorkflowDeclines.Add(1, new KeyValuePair<string, object?>("reason", reason switch
        {
            EagerWorkflowStartDeclineReason.Disabled => "disabled",
            EagerWorkflowStartDeclineReason.StartDelay => "start_delay",
            EagerWorkflowStartDeclineReason.Cron => "cron",
            EagerWorkflowStartDeclineReason.ExistingRun => "existing_run",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
        }));

    public void RecordScheduleToStart(string taskType, TimeSpan elapsed)
    {
        if (_scheduleToStart.Enabled)
        {
            _scheduleToStart.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("task.type", taskType));
        }
    }

    public void RecordWorkflowClosed(string namespaceName, TimeSpan elapsed)
    {
        if (_workflowEndToEnd.Enabled)
        {
            _workflowEndToEnd.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("temporal.namespace", namespaceName));
        }
    }

    public void RecordTaskQueuePartitions(int partitions)
    {
        int current;
        do
        {
            current = Volatile.Read(ref _partitions);
            if (partitions <= current) return;
        }
        while (Interlocked.CompareExchange(ref _partitions, partitions, current) != current);
    }
}
