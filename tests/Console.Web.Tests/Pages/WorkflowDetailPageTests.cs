using AngleSharp.Dom;
using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class WorkflowDetailPageTests : ConsoleTestContext
{
    private readonly string _workflowId = "order-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _runId = Guid.NewGuid().ToString();

    private IRenderedComponent<WorkflowDetailPage> RenderRun(string? runId = null) => Render<WorkflowDetailPage>(p => p
        .Add(x => x.Namespace, "default")
        .Add(x => x.WorkflowId, _workflowId)
        .Add(x => x.RunId, runId ?? _runId));

    private static IElement Button(IRenderedComponent<WorkflowDetailPage> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public void Render_RunningRun_ShowsSummaryPendingActivityChildAndCompactHistory()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));

        var page = RenderRun();

        var summary = page.Find("[aria-label=Summary]").TextContent;
        Assert.Contains("Running", summary, StringComparison.Ordinal);
        Assert.Contains("OrderWorkflow", summary, StringComparison.Ordinal);
        Assert.Contains("orders", summary, StringComparison.Ordinal);
        Assert.Contains("still open", summary, StringComparison.Ordinal);
        var activity = page.Find("[aria-label='Pending activities'] tbody tr").TextContent;
        Assert.Contains("3 of 5", activity, StringComparison.Ordinal);
        Assert.Contains("card processor timed out", activity, StringComparison.Ordinal);
        Assert.Contains("step 2 of 4", activity, StringComparison.Ordinal);
        var child = page.Find("[aria-label=Children] tbody tr");
        Assert.Contains("ShippingWorkflow", child.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/workflows/default/{_workflowId}-shipping/child-run-1", child.QuerySelector("a")!.GetAttribute("href"));
        var events = page.FindAll("[aria-label='History events'] tbody tr");
        Assert.Equal(7, events.Count);
        Assert.Contains("input: {\"orderId\":42}", events[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("activity: ChargeCard", events[4].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownRun_SaysItDoesNotExist()
    {
        SignIn("vera", ConsoleRole.Viewer);

        var page = RenderRun();

        Assert.Contains("No run", page.Find("[role=alert]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[aria-label=Summary]"));
    }

    [Fact]
    public void Render_FullView_EveryEventExpandableWithAllFields()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?view=full");

        var page = RenderRun();

        var details = page.FindAll("[aria-label='History events'] details");
        Assert.Equal(7, details.Count);
        Assert.Contains("\"activityId\": \"charge-card\"", details[4].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_JsonView_ShowsTemporalHistoryJsonAndDownloadLink()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?view=json");

        var page = RenderRun();

        var json = page.Find("[aria-label='History JSON']").TextContent;
        var history = Temporalio.Common.WorkflowHistory.FromJson(_workflowId, json);
        Assert.Equal(7, history.Events.Count);
        Assert.Contains("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", json, StringComparison.Ordinal);
        var download = page.FindAll("a").Single(a => a.TextContent == "Download JSON");
        Assert.Equal($"/workflows/default/{_workflowId}/{_runId}/history.json", download.GetAttribute("href"));
    }

    [Fact]
    public void Render_LongHistory_ShowsOnePageAtATimeAndPagesThroughIt()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.RunningWithLongHistory(_workflowId, _runId, 250));

        var page = RenderRun();

        Assert.Equal(100, page.FindAll("[aria-label='History events'] tbody tr").Count);
        Assert.Equal("Events 1–100 of 250", page.Find("[aria-label='Events shown']").TextContent.Trim());
        Assert.True(Button(page, "Previous").HasAttribute("disabled"));

        Button(page, "Next").Click();
        var rows = page.FindAll("[aria-label='History events'] tbody tr");
        Assert.Equal(100, rows.Count);
        Assert.StartsWith("101", rows[0].TextContent.Trim(), StringComparison.Ordinal);

        Button(page, "Next").Click();
        rows = page.FindAll("[aria-label='History events'] tbody tr");
        Assert.Equal(50, rows.Count);
        Assert.Contains("signal-250", rows[^1].TextContent, StringComparison.Ordinal);
        Assert.Equal("Events 201–250 of 250", page.Find("[aria-label='Events shown']").TextContent.Trim());
        Assert.True(Button(page, "Next").HasAttribute("disabled"));

        Button(page, "Previous").Click();
        rows = page.FindAll("[aria-label='History events'] tbody tr");
        Assert.StartsWith("101", rows[0].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Events 101–200 of 250", page.Find("[aria-label='Events shown']").TextContent.Trim());
        Button(page, "First").Click();
        Assert.Equal("Events 1–100 of 250", page.Find("[aria-label='Events shown']").TextContent.Trim());
    }

    [Fact]
    public void Render_FiftyThousandEventRun_ReadsOnlyThePageShownAndOneMorePerTurn()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.RunningWithLongHistory(_workflowId, _runId, 50_000));

        var page = RenderRun();

        var read = Assert.Single(WorkflowDetails.PageReads);
        Assert.Equal((1L, 100), (read.From, read.PageSize));
        Assert.Equal("Page 1 of 500", page.Find("[aria-label='History pages'] p").TextContent.Trim());
        Assert.Contains("ShippingWorkflow", page.Find("[aria-label=Children] tbody tr").TextContent, StringComparison.Ordinal);

        Button(page, "Next").Click();
        Button(page, "Previous").Click();

        Assert.Equal([1L, 101L, 1L], WorkflowDetails.PageReads.Select(r => r.From));
        Assert.All(WorkflowDetails.PageReads, r => Assert.Equal(100, r.PageSize));
        Assert.Equal("Events 1–100 of 50000", page.Find("[aria-label='Events shown']").TextContent.Trim());
    }

    [Fact]
    public void Render_LongHistoryAsJson_ShowsThePageShownOnly()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.RunningWithLongHistory(_workflowId, _runId, 250));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?view=json");

        var page = RenderRun();

        var history = Temporalio.Common.WorkflowHistory.FromJson(_workflowId, page.Find("[aria-label='History JSON']").TextContent);
        Assert.Equal(100, history.Events.Count);
    }

    [Fact]
    public void HistoryViewButtons_Click_PutViewInUrl()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();

        Button(page, "JSON").Click();

        Assert.EndsWith("view=json", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Viewer_ActionsDisabledWithReason()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));

        var page = RenderRun();

        Assert.All(new[] { "Signal…", "Update…", "Cancel…", "Terminate…", "Reset…" }, b => Assert.True(Button(page, b).HasAttribute("disabled")));
        Assert.Contains("Viewers can read but not change", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OperatorWhileReadOnly_ActionsDisabled()
    {
        SignIn("olga", ConsoleRole.Operator);
        ReadOnly.Set(true);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));

        var page = RenderRun();

        Assert.All(new[] { "Signal…", "Update…", "Cancel…", "Terminate…", "Reset…" }, b => Assert.True(Button(page, b).HasAttribute("disabled")));
        Assert.Contains("read-only", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ReadOnlySwitchedOnWhileOpen_ClosesDialogAndDisablesActions()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();
        Button(page, "Terminate…").Click();

        ReadOnly.Set(true);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[role=dialog]")));
        Assert.True(Button(page, "Terminate…").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_ReadOnlySwitchedOnWhileTheUpdateDialogIsOpen_ClosesItAndDisablesUpdate()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();
        Button(page, "Update…").Click();
        page.Find("#update-name").Input("SetAddress");

        ReadOnly.Set(true);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[role=dialog]")));
        Assert.True(Button(page, "Update…").HasAttribute("disabled"));
        Assert.Empty(WorkflowDetails.Sent);
    }

    [Fact]
    public async Task Reset_WithoutReason_RefusedAndNothingSent()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();

        Button(page, "Reset…").Click();
        await Button(page, "Reset").ClickAsync(new());

        Assert.Contains("Say why", page.Find("[role=dialog]").TextContent, StringComparison.Ordinal);
        Assert.Empty(WorkflowDetails.Sent);
    }

    [Fact]
    public async Task Reset_ChosenWorkflowTaskAndReason_SentAsUserAndNewRunShown()
    {
        SignIn("olga", ConsoleRole.Operator);
        var run = SampleRuns.Running(_workflowId, _runId);
        var later = run.Events[^1].EventTime.ToDateTimeOffset();
        WorkflowDetails.Add(run with
        {
            Events = [.. run.Events, Event(8, EventType.WorkflowTaskScheduled, later), Event(9, EventType.WorkflowTaskStarted, later), Event(10, EventType.WorkflowTaskCompleted, later)],
        });
        WorkflowDetails.ResetRunId = "run-after-reset";
        var page = RenderRun();

        Button(page, "Reset…").Click();
        var select = page.FindComponent<MudBlazor.MudSelect<long>>();
        Assert.Contains("Event 4: workflow task completed", select.Markup, StringComparison.Ordinal);
        Assert.Equal([4L, 10L], page.FindComponents<MudBlazor.MudSelectItem<long>>().Select(i => i.Instance.Value));
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(10));
        page.Find("#action-reason").Input("bad deploy of build 42");
        await Button(page, "Reset").ClickAsync(new());

        var sent = Assert.Single(WorkflowDetails.Sent);
        Assert.Equal(("reset", "olga", _runId, "bad deploy of build 42", "10"), (sent.Action, sent.User, sent.Run.RunId, sent.Text, sent.Payload));
        Assert.Contains("Reset to event 10: new run run-after-reset", page.Find("[aria-label='Action result']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[role=dialog]"));
    }

    [Fact]
    public void Render_ClosedRunWithoutACompletedWorkflowTask_ResetDisabled()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Terminated(_workflowId, _runId, Guid.NewGuid().ToString(), "bad deploy"));

        var page = RenderRun();

        Assert.True(Button(page, "Reset…").HasAttribute("disabled"));
    }

    private static Temporalio.Api.History.V1.HistoryEvent Event(long id, EventType type, DateTimeOffset time) =>
        new() { EventId = id, EventType = type, EventTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time) };

    [Fact]
    public async Task Terminate_WithoutReason_RefusedAndNothingSent()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();

        Button(page, "Terminate…").Click();
        Assert.Contains("cannot be undone", page.Find("[role=dialog]").TextContent, StringComparison.Ordinal);
        await Button(page, "Terminate").ClickAsync(new());

        Assert.Contains("Say why", page.Find("[role=dialog]").TextContent, StringComparison.Ordinal);
        Assert.Empty(WorkflowDetails.Sent);
    }

    [Fact]
    public async Task Terminate_WithReason_SentAsUserAndResultShown()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();

        Button(page, "Terminate…").Click();
        page.Find("#action-reason").Input("stuck on a bad card");
        await Button(page, "Terminate").ClickAsync(new());

        var sent = Assert.Single(WorkflowDetails.Sent);
        Assert.Equal(("terminate", "olga", _runId, "stuck on a bad card"), (sent.Action, sent.User, sent.Run.RunId, sent.Text));
        Assert.Contains("Terminated: stuck on a bad card", page.Find("[aria-label='Action result']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[role=dialog]"));
    }

    [Fact]
    public async Task Cancel_WithReason_SentAsCancelRequest()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();

        Button(page, "Cancel…").Click();
        page.Find("#action-reason").Input("customer withdrew");
        await Button(page, "Request cancellation").ClickAsync(new());

        var sent = Assert.Single(WorkflowDetails.Sent);
        Assert.Equal(("cancel", "customer withdrew"), (sent.Action, sent.Text));
    }

    [Fact]
    public async Task Signal_InvalidJson_ShowsParserMessageAndSendsNothing()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();

        Button(page, "Signal…").Click();
        page.Find("#signal-name").Input("approve");
        page.Find("#signal-payload").Input("{\"by\": ");
        await Button(page, "Send signal").ClickAsync(new());

        Assert.Contains("Not valid JSON", page.Find("[role=dialog]").TextContent, StringComparison.Ordinal);
        Assert.Empty(WorkflowDetails.Sent);
    }

    [Fact]
    public async Task Signal_NameAndJson_SentWithPayload()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();

        Button(page, "Signal…").Click();
        page.Find("#signal-name").Input("approve");
        page.Find("#signal-payload").Input("{\"by\": \"olga\"}");
        await Button(page, "Send signal").ClickAsync(new());

        var sent = Assert.Single(WorkflowDetails.Sent);
        Assert.Equal(("signal", "approve", "{\"by\": \"olga\"}"), (sent.Action, sent.Text, sent.Payload));
        Assert.Contains("Signal 'approve' sent.", page.Find("[aria-label='Action result']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminate_ServerRefuses_ShowsServerMessageInDialog()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        WorkflowDetails.Refusal = new WorkflowActionException("The server refused: workflow execution already completed (NotFound)");
        var page = RenderRun();

        Button(page, "Terminate…").Click();
        page.Find("#action-reason").Input("cleanup");
        await Button(page, "Terminate").ClickAsync(new());

        Assert.Contains("already completed", page.Find("[role=dialog] [role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TerminatedContinuedRun_ShowsReasonPreviousRunAndNoActions()
    {
        SignIn("olga", ConsoleRole.Operator);
        var previous = Guid.NewGuid().ToString();
        WorkflowDetails.Add(SampleRuns.Terminated(_workflowId, _runId, previous, "bad deploy"));

        var page = RenderRun();

        Assert.Contains("Terminated by console:olga: bad deploy", page.Find("[aria-label=Outcome]").TextContent, StringComparison.Ordinal);
        var chain = page.Find("[aria-label='Run chain'] a");
        Assert.Equal("Previous run (continue-as-new)", chain.TextContent);
        Assert.Equal($"/workflows/default/{_workflowId}/{previous}", chain.GetAttribute("href"));
        Assert.True(Button(page, "Terminate…").HasAttribute("disabled"));
        Assert.Contains("This run is closed", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RunWithUpdates_UpdatesTableAndCompactHistoryShowEachUpdateWithItsOutcome()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.WithUpdates(_workflowId, _runId));

        var page = RenderRun();

        var rows = page.FindAll("[aria-label=Updates] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("SetAddress", rows[0], StringComparison.Ordinal);
        Assert.Contains("console:olga (customer moved)", rows[0], StringComparison.Ordinal);
        Assert.Contains("Completed", rows[0], StringComparison.Ordinal);
        Assert.Contains("\"address set\"", rows[0], StringComparison.Ordinal);
        Assert.Contains("Failed", rows[1], StringComparison.Ordinal);
        Assert.Contains("already refunded", rows[1], StringComparison.Ordinal);
        Assert.Contains("Running", rows[2], StringComparison.Ordinal);
        var events = page.FindAll("[aria-label='History events'] tbody tr");
        Assert.Contains("update: SetAddress  id: addr-1  input: {\"city\":\"Oslo\"}  identity: console:olga  reason: customer moved", events[4].TextContent, StringComparison.Ordinal);
        Assert.Contains("id: refund-1  failure: already refunded  accepted: 7", events[7].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RunWithUpdatesFullView_TheAcceptedEventHoldsTheRequest()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.WithUpdates(_workflowId, _runId));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?view=full");

        var page = RenderRun();

        var accepted = page.FindAll("[aria-label='History events'] details")[4].TextContent;
        Assert.Contains("WorkflowExecutionUpdateAccepted", accepted, StringComparison.Ordinal);
        Assert.Contains("\"acceptedRequest\"", accepted, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"SetAddress\"", accepted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithoutReason_RefusedAndNothingSent()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();

        Button(page, "Update…").Click();
        page.Find("#update-name").Input("SetAddress");
        await Button(page, "Send update").ClickAsync(new());

        Assert.Contains("Say why", page.Find("[role=dialog]").TextContent, StringComparison.Ordinal);
        Assert.Empty(WorkflowDetails.Sent);
    }

    [Fact]
    public async Task Update_NameArgumentAndReason_SentAsUserAndTheOutcomeShown()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        WorkflowDetails.UpdateOutcome = "Update 'SetAddress' completed: \"address set\"";
        var page = RenderRun();

        Button(page, "Update…").Click();
        Assert.Contains("validator may reject it", page.Find("[role=dialog]").TextContent, StringComparison.Ordinal);
        page.Find("#update-name").Input("SetAddress");
        page.Find("#update-payload").Input("{\"city\": \"Oslo\"}");
        page.Find("#action-reason").Input("customer moved");
        await Button(page, "Send update").ClickAsync(new());

        var sent = Assert.Single(WorkflowDetails.Sent);
        Assert.Equal(("update", "olga", "SetAddress", "{\"city\": \"Oslo\"}"), (sent.Action, sent.User, sent.Text, sent.Payload));
        Assert.Equal(["customer moved"], WorkflowDetails.Reasons);
        Assert.Contains("completed: \"address set\"", page.Find("[aria-label='Action result']").TextContent, StringComparison.Ordinal);
    }
    [Fact]
    public async Task Delete_WithReason_SentAsUserAndThePageSaysTheRunWasDeleted()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Running(_workflowId, _runId));
        var page = RenderRun();

        Button(page, "Delete…").Click();
        Assert.Contains("cannot be undone", page.Find("[role=dialog]").TextContent, StringComparison.Ordinal);
        await Button(page, "Delete").ClickAsync(new());
        Assert.Contains("console's log", page.Find("[role=dialog]").TextContent, StringComparison.Ordinal);
        Assert.Empty(WorkflowDetails.Sent);
        page.Find("#action-reason").Input("test data from the load drill");
        await Button(page, "Delete").ClickAsync(new());

        var sent = Assert.Single(WorkflowDetails.Sent);
        Assert.Equal(("delete", "olga", _runId, "test data from the load drill"), (sent.Action, sent.User, sent.Run.RunId, sent.Text));
        Assert.Contains("was deleted. Deleted: test data from the load drill", page.Find("[aria-label='Action result']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[aria-label=Summary]"));
    }

    [Fact]
    public void Render_ClosedRun_DeleteEnabledWhileTheOtherActionsAreNot()
    {
        SignIn("olga", ConsoleRole.Operator);
        WorkflowDetails.Add(SampleRuns.Terminated(_workflowId, _runId, Guid.NewGuid().ToString(), "replaced"));

        var page = RenderRun();

        Assert.False(Button(page, "Delete…").HasAttribute("disabled"));
        Assert.True(Button(page, "Terminate…").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_OperatorWhileReadOnly_DeleteDisabled()
    {
        SignIn("olga", ConsoleRole.Operator);
        ReadOnly.Set(true);
        WorkflowDetails.Add(SampleRuns.Terminated(_workflowId, _runId, Guid.NewGuid().ToString(), "replaced"));

        var page = RenderRun();

        Assert.True(Button(page, "Delete…").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_Viewer_DeleteDisabled()
    {
        SignIn("vera", ConsoleRole.Viewer);
        WorkflowDetails.Add(SampleRuns.Terminated(_workflowId, _runId, Guid.NewGuid().ToString(), "replaced"));

        var page = RenderRun();

        Assert.True(Button(page, "Delete…").HasAttribute("disabled"));
    }
}
