using System.Diagnostics.Metrics;
using Fencepost.Benchmarks.Driver;

namespace Fencepost.Benchmarks.Tests.Driver;

public sealed class StageLatencyListenerTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();

    private IMeterFactory Meters => _meters;

    [Fact]
    public void Read_SamplesInsideAndOutsideTheWindow_OnlyWindowSamplesCountInPathOrder()
    {
        using var listener = new StageLatencyListener(Meters);
        var meter = Meters.Create(StageLatencyListener.EngineMeterName);
        var scheduleToStart = meter.CreateHistogram<double>("fencepost.task.schedule_to_start.duration", "s");
        var rpc = meter.CreateHistogram<double>("rpc.server.duration", "s");

        scheduleToStart.Record(9, new KeyValuePair<string, object?>("task.type", "workflow"));
        listener.StartMeasuring();
        scheduleToStart.Record(0.010, new KeyValuePair<string, object?>("task.type", "workflow"));
        scheduleToStart.Record(0.030, new KeyValuePair<string, object?>("task.type", "workflow"));
        scheduleToStart.Record(0.002, new KeyValuePair<string, object?>("task.type", "activity"));
        rpc.Record(0.005, new("rpc.method", "StartWorkflowExecution"), new("rpc.grpc.status_code", "OK"));
        rpc.Record(5, new("rpc.method", "PollWorkflowTaskQueue"), new("rpc.grpc.status_code", "OK"));
        listener.StopMeasuring();
        scheduleToStart.Record(9, new KeyValuePair<string, object?>("task.type", "activity"));

        var stages = listener.Read();

        Assert.Equal(["StartWorkflowExecution (server)", "workflow task schedule-to-start", "activity task schedule-to-start"], stages.Select(s => s.Stage));
        var workflow = stages[1];
        Assert.Equal(2, workflow.Count);
        Assert.InRange(workflow.MaxMilliseconds, 29.9, 30.1);
        Assert.InRange(stages[2].MaxMilliseconds, 1.9, 2.1);
    }

    [Fact]
    public void Read_AnotherHostsMeter_Ignored()
    {
        using var other = new TestMeterFactory();
        using var listener = new StageLatencyListener(Meters);
        var foreign = other.Create(StageLatencyListener.EngineMeterName)
            .CreateHistogram<double>("fencepost.task.schedule_to_start.duration", "s");
        listener.StartMeasuring();

        foreign.Record(0.010, new KeyValuePair<string, object?>("task.type", "workflow"));

        Assert.Empty(listener.Read());
    }

    public void Dispose() => _meters.Dispose();
}
