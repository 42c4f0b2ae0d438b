using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Introspection;
using Fencepost.Engine.Matching;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class TaskQueuesPageTests : ConsoleTestContext
{
    public TaskQueuesPageTests() => SignIn("vera", ConsoleRole.Viewer);

    [Fact]
    public async Task Render_QueuesWithPollers_ShowsPartitionsBacklogAndPollers()
    {
        var page = Render<TaskQueuesPage>();

        await page.InvokeAsync(() => TaskQueues.PublishAsync(new LiveSnapshot<IReadOnlyList<TaskQueueSnapshot>>(
        [
            new TaskQueueSnapshot("default", "payments", 1, Partitions: 4, BacklogInMemory: 0, WaitingPollers: 2,
                [new PollerInfo("worker-1@host-a", 1, Time.GetUtcNow().AddSeconds(-3))]),
            new TaskQueueSnapshot("default", "payments", 2, Partitions: 4, BacklogInMemory: 17, WaitingPollers: 0, []),
        ], Time.GetUtcNow(), null)));

        var rows = page.FindAll("[aria-label='Task queues'] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("worker-1@host-a", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("3 s ago", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("activity", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("tasks wait, no worker polls", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NoQueues_SaysWhenTheyAppear()
    {
        var page = Render<TaskQueuesPage>();

        await page.InvokeAsync(() => TaskQueues.PublishAsync(new LiveSnapshot<IReadOnlyList<TaskQueueSnapshot>>([], Time.GetUtcNow(), null)));

        Assert.Contains("No task queue is active on this node yet", page.Markup, StringComparison.Ordinal);
    }
}
