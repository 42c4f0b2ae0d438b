using Fencepost.Engine.Introspection;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// "Why is this workflow stuck?": each verdict for a real SDK workflow put into that state, read
/// the way the console and its JSON endpoint read it.
/// </summary>
public class WorkflowDiagnosisTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    private IWorkflowDiagnostics Diagnostics => Engine.Services.GetRequiredService<IWorkflowDiagnostics>();

    [Fact]
    public async Task Diagnose_NoWorkerEverPolled_WaitingForWorkerNamingTheQueue()
    {
        var queue = NewId("nobody-polls");
        var handle = await Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("x"), new WorkflowOptions(NewId("no-worker"), queue));

        var diagnosis = await DiagnoseAsync(handle.Id);

        Assert.Equal(WorkflowDiagnosisKind.WaitingForWorker, diagnosis.Kind);
        Assert.Contains($"no poller has polled task queue {queue}", diagnosis.Verdict, StringComparison.Ordinal);
        Assert.Contains(diagnosis.Findings, f => f.Contains("scheduled", StringComparison.Ordinal) && f.Contains("not started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diagnose_WorkflowTaskKeepsFailing_WorkflowTaskFailingWithAttemptAndMessage()
    {
        var queue = NewId("flaky");
        var id = NewId("wft-failing");
        var diagnosis = await RunWithWorkerAsync(queue, async () =>
        {
            await Client.StartWorkflowAsync((FlakyWorkflow wf) => wf.RunAsync(1_000), new WorkflowOptions(id, queue));
            return await DiagnoseUntilAsync(id, d => d.Kind == WorkflowDiagnosisKind.WorkflowTaskFailing);
        }, o => o.AddWorkflow<FlakyWorkflow>());

        Assert.Matches("^Workflow task failing: attempt [0-9]+, cause ", diagnosis.Verdict);
        Assert.Contains("workflow task attempt", diagnosis.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_ActivityFailedAndBackingOff_ActivityFailingWithNextRetryAndLastFailure()
    {
        var queue = NewId("failing-activity");
        var id = NewId("activity-failing");
        var diagnosis = await RunWithWorkerAsync(queue, async () =>
        {
            await Client.StartWorkflowAsync((DiagnosedWorkflow wf) => wf.RunAsync("failing-activity"), new WorkflowOptions(id, queue));
            return await DiagnoseUntilAsync(id, d => d.Kind == WorkflowDiagnosisKind.ActivityFailing);
        }, o => o.AddWorkflow<DiagnosedWorkflow>().AddAllActivities(typeof(DiagnosedActivities), null));

        Assert.Contains("Activity AlwaysFail (", diagnosis.Verdict, StringComparison.Ordinal);
        Assert.Contains("attempt 2 is retried in", diagnosis.Verdict, StringComparison.Ordinal);
        Assert.Contains("OrderRefused: the downstream service refused the order", diagnosis.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_ActivityRunningOnAWorker_ActivityRunningNamingTheWorker()
    {
        var queue = NewId("running-activity");
        var id = NewId("activity-running");
        DiagnosedActivities.Running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var diagnosis = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((DiagnosedWorkflow wf) => wf.RunAsync("running-activity"), new WorkflowOptions(id, queue));
            await DiagnosedActivities.Running.Task;
            var running = await DiagnoseUntilAsync(id, d => d.Kind == WorkflowDiagnosisKind.ActivityRunning);
            await handle.TerminateAsync("test over");
            return running;
        }, o => o.AddWorkflow<DiagnosedWorkflow>().AddAllActivities(typeof(DiagnosedActivities), null));

        Assert.Contains("Activity RunUntilCancelled (", diagnosis.Verdict, StringComparison.Ordinal);
        Assert.Contains("no heartbeat yet", diagnosis.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_ActivityOnAQueueNobodyPolls_WaitingForWorkerNamingThatQueue()
    {
        var queue = NewId("pending-work");
        var idleQueue = NewId("idle-activities");
        var id = NewId("activity-no-worker");
        var diagnosis = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((PendingWorkWorkflow wf) => wf.RunAsync(NewId("child"), idleQueue), new WorkflowOptions(id, queue));
            // Until the worker's first poll is seen, the run's own first workflow task waits for a worker too: wait for the activity's verdict.
            var waiting = await DiagnoseUntilAsync(id, d => d.Kind == WorkflowDiagnosisKind.WaitingForWorker && d.Verdict.StartsWith("Activity ", StringComparison.Ordinal));
            await handle.TerminateAsync("test over");
            return waiting;
        }, o => o.AddWorkflow<PendingWorkWorkflow>().AddWorkflow<WaitForeverWorkflow>());

        Assert.Contains($"Activity Greet (", diagnosis.Verdict, StringComparison.Ordinal);
        Assert.Contains($"no poller has polled task queue {idleQueue}", diagnosis.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_SleepingWorkflow_WaitingForTimerWithItsTime()
    {
        var queue = NewId("sleeper");
        var id = NewId("timer");
        var diagnosis = await RunWithWorkerAsync(queue, async () =>
        {
            await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, queue));
            return await DiagnoseUntilAsync(id, d => d.Kind == WorkflowDiagnosisKind.WaitingForTimer);
        }, o => o.AddWorkflow<WaitForeverWorkflow>());

        Assert.Matches("^Waiting for timer .+ until .+ \\(in (23|24) h\\)\\.$", diagnosis.Verdict);
    }

    [Fact]
    public async Task Diagnose_WaitingForASignal_IdleNothingPending()
    {
        var queue = NewId("idle");
        var id = NewId("idle");
        var diagnosis = await RunWithWorkerAsync(queue, async () =>
        {
            await Client.StartWorkflowAsync((DiagnosedWorkflow wf) => wf.RunAsync("signal"), new WorkflowOptions(id, queue));
            return await DiagnoseUntilAsync(id, d => d.Kind == WorkflowDiagnosisKind.Idle);
        }, o => o.AddWorkflow<DiagnosedWorkflow>());

        Assert.Equal("Waiting for a signal, an update or a cancellation: nothing is pending.", diagnosis.Verdict);
        Assert.Equal("Running", diagnosis.Status);
    }

    [Fact]
    public async Task Diagnose_CompletedRun_ClosedNotStuck()
    {
        var queue = NewId("done");
        var id = NewId("closed");
        await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("x"), new WorkflowOptions(id, queue));
            return await handle.GetResultAsync();
        }, o => o.AddWorkflow<GreetingWorkflow>());

        var diagnosis = await DiagnoseAsync(id);

        Assert.Equal(WorkflowDiagnosisKind.Closed, diagnosis.Kind);
        Assert.Equal("Not stuck: the run is closed (Completed).", diagnosis.Verdict);
    }

    [Fact]
    public async Task Diagnose_UnknownWorkflowOrNamespace_Null()
    {
        Assert.Null(await Diagnostics.DiagnoseAsync("default", NewId("never-started"), null));
        Assert.Null(await Diagnostics.DiagnoseAsync("no-such-namespace", "x", null));
        Assert.Null(await Diagnostics.DiagnoseAsync("default", "x", "not-a-run-id"));
    }

    private async Task<WorkflowDiagnosis> DiagnoseAsync(string workflowId) =>
        await Diagnostics.DiagnoseAsync("default", workflowId, null) ?? throw new InvalidOperationException($"No diagnosis for {workflowId}.");

    /// <summary>Diagnoses until <paramref name="reached"/> holds (the run gets to the state under test asynchronously).</summary>
    private async Task<WorkflowDiagnosis> DiagnoseUntilAsync(string workflowId, Func<WorkflowDiagnosis, bool> reached)
    {
        // Within the worker's own bound (Timeout, 60 s): a loaded machine may take a while to get a run there.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var last = await DiagnoseAsync(workflowId);
        while (!reached(last))
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The run never reached the state under test; last verdict: {last.Kind}: {last.Verdict}");
            }
            await Task.Delay(50, CancellationToken.None);
            last = await DiagnoseAsync(workflowId);
        }
        return last;
    }
}
