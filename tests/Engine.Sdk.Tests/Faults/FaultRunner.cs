using System.Collections.Concurrent;
using System.Diagnostics;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests.Faults;

/// <summary>
/// Runs workflows (one activity each) through the .NET SDK at a steady rate before, during and
/// after a fault, then waits for every accepted one and counts what happened to them.
/// </summary>
public sealed class FaultRunner(TemporalClient client, double startsPerSecond, TimeSpan calmBefore, TimeSpan calmAfter, TimeSpan drain)
{
    public async Task<FaultOutcome> RunAsync(FaultScenario fault)
    {
        var queue = $"fault-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
            .AddWorkflow<ActivityWorkflow>()
            .AddAllActivities(typeof(GreetingActivities), null));
        return await worker.ExecuteAsync(() => LoadAsync(fault, queue));
    }

    private async Task<FaultOutcome> LoadAsync(FaultScenario fault, string queue)
    {
        var clock = Stopwatch.StartNew();
        var runs = new ConcurrentBag<Task<RunResult>>();
        using var stop = new CancellationTokenSource();
        var interval = TimeSpan.FromSeconds(1 / startsPerSecond);
        var load = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            var i = 0;
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                runs.Add(RunOneAsync(queue, $"{queue}-{i++}", clock));
            }
        });
        await WaitAsync(calmBefore);
        await fault.Inject();
        await WaitAsync(fault.Duration);
        await fault.Heal();
        var healedAt = clock.Elapsed;
        await WaitAsync(calmAfter);
        await stop.CancelAsync();
        await load.ContinueWith(_ => { }, TaskScheduler.Default);

        var results = await Task.WhenAll(runs);
        var accepted = results.Where(r => r.Accepted).ToList();
        var waited = accepted.Where(r => r.StartedAt < healedAt && r.FinishedAt is { } at && at > healedAt).Select(r => r.FinishedAt!.Value - healedAt).ToList();
        return new FaultOutcome(fault.Name,
            Started: accepted.Count,
            Completed: accepted.Count(r => r.Outcome == RunOutcome.Completed),
            Failed: accepted.Count(r => r.Outcome == RunOutcome.Failed),
            Stuck: accepted.Count(r => r.Outcome == RunOutcome.Stuck),
            Refused: results.Length - accepted.Count,
            Recovered: waited.Count == 0 ? TimeSpan.Zero : waited.Max());
    }

    private async Task<RunResult> RunOneAsync(string queue, string id, Stopwatch clock)
    {
        var startedAt = clock.Elapsed;
        WorkflowHandle<ActivityWorkflow, string> handle;
        try
        {
            handle = await client.StartWorkflowAsync((ActivityWorkflow wf) => wf.RunAsync(id), new WorkflowOptions(id, queue));
        }
        catch (RpcException)
        {
            return new RunResult(false, startedAt, null, RunOutcome.Failed);
        }
        try
        {
            var result = await handle.GetResultAsync().WaitAsync(drain);
            var outcome = result == $"Hi from an activity, {id}" ? RunOutcome.Completed : RunOutcome.Failed;
            return new RunResult(true, startedAt, clock.Elapsed, outcome);
        }
        catch (TimeoutException)
        {
            return new RunResult(true, startedAt, null, RunOutcome.Stuck);
        }
        catch (TemporalException)
        {
            return new RunResult(true, startedAt, clock.Elapsed, RunOutcome.Failed);
        }
    }

    /// <summary>A phase of the scenario: how long the load runs undisturbed or faulted is the scenario's input.</summary>
    private static Task WaitAsync(TimeSpan phase) => Task.Delay(phase);

    private enum RunOutcome { Completed, Failed, Stuck }

    private sealed record RunResult(bool Accepted, TimeSpan StartedAt, TimeSpan? FinishedAt, RunOutcome Outcome);
}
