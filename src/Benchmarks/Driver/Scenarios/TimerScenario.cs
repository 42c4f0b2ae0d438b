using Fencepost.Benchmarks.Driver.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Benchmarks.Driver.Scenarios;

/// <summary>A workflow that sleeps on a durable timer: latency includes the timer's delay by design.</summary>
public sealed class TimerScenario(TimeSpan delay) : IBenchmarkScenario
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(100);

    public TimeSpan Delay { get; } = delay >= TimeSpan.Zero ? delay : throw new ArgumentOutOfRangeException(nameof(delay), delay, "The timer delay must not be negative.");

    public string Name => "timer";

    public string Description => $"one durable timer of {Delay.TotalMilliseconds:0} ms (included in the latency)";

    public void Register(TemporalWorkerOptions worker) => worker.AddWorkflow<TimerBenchWorkflow>();

    public async Task ExecuteAsync(ITemporalClient client, WorkflowOptions start, Action onStarted)
    {
        ArgumentNullException.ThrowIfNull(start);
        var handle = await client.StartWorkflowAsync(
            (TimerBenchWorkflow wf) => wf.RunAsync((int)Delay.TotalMilliseconds),
            start);
        onStarted();
        await handle.GetResultAsync(rpcOptions: start.Rpc);
    }
}
