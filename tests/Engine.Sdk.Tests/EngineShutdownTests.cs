using Fencepost.Engine.Introspection;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// A stopping engine answers the long polls it holds at once, empty, so a worker that is polling
/// (every running worker is) never keeps the server from closing: held, each poll kept the web
/// server waiting for its full minute, or until the host's shutdown timeout cut it off with an error.
/// </summary>
public sealed class EngineShutdownTests
{
    private static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StopAsync_WorkerPollsWaiting_PollsAnswerEmptyAndEngineStops()
    {
        var (app, _) = await EngineFixture.StartEngineAsync([new("Fencepost:Store:Kind", "embedded")]);
        using var raw = new RawWorkflowService(app.Services);
        var queue = "shutdown-" + Guid.NewGuid().ToString("N");
        var workflowPoll = raw.CallAsync("PollWorkflowTaskQueue",
            new PollWorkflowTaskQueueRequest { Namespace = "default", TaskQueue = new TaskQueue { Name = queue }, Identity = "shutdown-test" },
            PollWorkflowTaskQueueResponse.Parser);
        var activityPoll = raw.CallAsync("PollActivityTaskQueue",
            new PollActivityTaskQueueRequest { Namespace = "default", TaskQueue = new TaskQueue { Name = queue }, Identity = "shutdown-test" },
            PollActivityTaskQueueResponse.Parser);
        await WaitForWaitingPollersAsync(app.Services.GetRequiredService<ITaskQueueView>(), queue, expected: 2);

        var stop = app.StopAsync();

        var workflowAnswer = await workflowPoll.WaitAsync(WaitBound);
        var activityAnswer = await activityPoll.WaitAsync(WaitBound);
        Assert.True(workflowAnswer.TaskToken.IsEmpty);
        Assert.True(activityAnswer.TaskToken.IsEmpty);
        await stop.WaitAsync(WaitBound);
        await app.DisposeAsync();
    }

    private static async Task WaitForWaitingPollersAsync(ITaskQueueView view, string queue, int expected)
    {
        using var timeout = new CancellationTokenSource(WaitBound);
        while (view.GetTaskQueues().Where(q => q.Name == queue).Sum(q => q.WaitingPollers) < expected)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
