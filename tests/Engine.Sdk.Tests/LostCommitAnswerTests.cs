using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// Commits that applied but whose answer never came back (the connection broke during COMMIT,
/// injected by the embedded emulator): the engine reloads the shard instead of trusting either
/// outcome, the SDK retries with the same request id, and the workflow still runs to its end.
/// </summary>
public class LostCommitAnswerTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    private EmbeddedFaultInjector Faults => ((EmbeddedPersistenceStore)Engine.Services.GetRequiredService<IPersistenceStore>()).Faults;

    [Fact]
    public async Task StartWorkflow_ItsCommitsAnswerIsLost_TheRetriedStartFindsTheRunAndItCompletes()
    {
        var queue = NewId("tq");
        var id = NewId("lost-start");

        var (first, result) = await RunWithWorkerAsync(queue, async () =>
        {
            Faults.LoseNextCommitAnswers("ShardWrite", 1);
            var handle = await Client.StartWorkflowAsync((ActivityWorkflow wf) => wf.RunAsync(id), new WorkflowOptions(id, queue));
            return (handle.ResultRunId, await handle.GetResultAsync());
        }, o => o.AddWorkflow<ActivityWorkflow>().AddAllActivities(typeof(GreetingActivities), null));

        Assert.Equal($"Hi from an activity, {id}", result);
        var history = await Client.GetWorkflowHandle(id).FetchHistoryAsync();
        Assert.Equal(first, history.Events.First().WorkflowExecutionStartedEventAttributes.OriginalExecutionRunId);
    }

    [Fact]
    public async Task Workflow_SeveralCommitAnswersLostOneAfterAnother_CompletesBeforeAnyTaskTimesOut()
    {
        var queue = NewId("tq");
        var id = NewId("lost-many");

        var result = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((ActivityWorkflow wf) => wf.RunAsync(id), new WorkflowOptions(id, queue));
            // The task started, the task completed, the activity started or completed: whichever come next.
            Faults.LoseNextCommitAnswers("ShardWrite", 3);
            // Sooner than the workflow task's 10 s timeout (and the activity's 30 s): a task start whose
            // answer was lost is handed to the poll that made it, not left to time out unseen.
            return await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(9));
        }, o =>
        {
            // An eager activity rides on the task completion's answer: lost with it, only its timeout
            // recovers it (as in Temporal), which is not what this test is about.
            o.DisableEagerActivityExecution = true;
            o.AddWorkflow<ActivityWorkflow>().AddAllActivities(typeof(GreetingActivities), null);
        });

        Assert.Equal($"Hi from an activity, {id}", result);
    }

    [Fact]
    public async Task CompleteWorkflowTask_AnswerLostWithAnEagerActivityInIt_TheActivityRunsBeforeItsTimeout()
    {
        var queue = NewId("tq");
        var id = NewId("lost-eager");

        var result = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((ActivityWorkflow wf) => wf.RunAsync(id), new WorkflowOptions(id, queue));
            // The task started (if not yet) and the completion that starts the activity eagerly.
            Faults.LoseNextCommitAnswers("ShardWrite", 2);
            // Sooner than the activity's 30 s start-to-close timeout: the eager start the worker
            // never heard of goes back to matching instead of timing out.
            return await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(9));
        }, o => o.AddWorkflow<ActivityWorkflow>().AddAllActivities(typeof(GreetingActivities), null));

        Assert.Equal($"Hi from an activity, {id}", result);
    }
}
