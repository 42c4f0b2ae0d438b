using Fencepost.Engine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>
/// A workflow started through the real Temporal SDK, found in the list, opened, and terminated from
/// the browser; another, run by a real worker, updated from the browser.
/// </summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class WorkflowDetailBrowserTests(ConsoleAppFixture app)
{
    private async Task<(string WorkflowId, string RunId)> StartWorkflowAsync()
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(app.Services.GetRequiredService<IFrontendEndpoint>().Target));
        var workflowId = "browser-order-" + Guid.NewGuid().ToString("N")[..8];
        // No worker polls this queue, so the run stays open with its first workflow task scheduled.
        var handle = await client.StartWorkflowAsync("OrderWorkflow", ["order 42"],
            new WorkflowOptions(workflowId, "browser-orders-" + Guid.NewGuid().ToString("N")[..8]));
        return (workflowId, handle.ResultRunId!);
    }

    [Fact]
    public async Task WorkflowStartedThroughSdk_OpenedFromList_ShowsHistoryAndTerminatesWithReason()
    {
        var (workflowId, runId) = await StartWorkflowAsync();
        var reason = "browser test " + Guid.NewGuid().ToString("N")[..8];
        var (page, errors) = await app.SignInAsync("olga", ConsoleAppFixture.OperatorPassword);

        await page.GotoAsync($"/workflows?q={Uri.EscapeDataString($"WorkflowId = '{workflowId}'")}");
        await page.GetByRole(AriaRole.Link, new() { Name = workflowId, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Workflow {workflowId}", Level = 1 })).ToBeVisibleAsync();
        Assert.EndsWith($"/workflows/default/{workflowId}/{runId}", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        var history = page.GetByLabel("History events");
        await Assertions.Expect(history).ToContainTextAsync("WorkflowExecutionStarted");
        await Assertions.Expect(history).ToContainTextAsync("\"order 42\"");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "workflow-detail.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Terminate…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Terminate workflow" });
        await dialog.Locator("#action-reason").FillAsync(reason);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "workflow-terminate-dialog.png"), FullPage = true });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Terminate", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByLabel("Action result")).ToContainTextAsync($"Terminated: {reason}");
        await Assertions.Expect(page.GetByLabel("Summary")).ToContainTextAsync("Terminated");
        await Assertions.Expect(page.GetByLabel("Outcome")).ToContainTextAsync($"Terminated by console:olga: {reason}");
        await page.GetByRole(AriaRole.Button, new() { Name = "JSON" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("History JSON")).ToContainTextAsync("EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "workflow-terminated.png"), FullPage = true });

        // The engine's own record agrees with what the page says.
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(app.Services.GetRequiredService<IFrontendEndpoint>().Target));
        var closed = await client.GetWorkflowHandle(workflowId, runId).FetchHistoryAsync();
        var terminated = closed.Events.Last().WorkflowExecutionTerminatedEventAttributes;
        Assert.Equal((reason, "console:olga"), (terminated.Reason, terminated.Identity));
        Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WorkflowWithAWorker_UpdatedFromTheDetailPage_ShowsTheOutcomeAndRecordsTheOperatorAndReason()
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(app.Services.GetRequiredService<IFrontendEndpoint>().Target));
        var workflowId = "browser-address-" + Guid.NewGuid().ToString("N")[..8];
        var taskQueue = "browser-address-" + Guid.NewGuid().ToString("N")[..8];
        var reason = "customer moved " + Guid.NewGuid().ToString("N")[..8];
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<AddressWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await client.StartWorkflowAsync((AddressWorkflow wf) => wf.RunAsync(), new WorkflowOptions(workflowId, taskQueue));
            var (page, errors) = await app.SignInAsync("olga", ConsoleAppFixture.OperatorPassword);
            await page.GotoAsync($"/workflows/default/{workflowId}/{handle.ResultRunId}");

            await page.GetByRole(AriaRole.Button, new() { Name = "Update…" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Update workflow" });
            await dialog.Locator("#update-name").FillAsync("SetAddress");
            await dialog.Locator("#update-payload").FillAsync("\"Oslo\"");
            await dialog.Locator("#action-reason").FillAsync(reason);
            await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "workflow-update-dialog.png"), FullPage = true });
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Send update" }).ClickAsync();

            await Assertions.Expect(page.GetByLabel("Action result")).ToContainTextAsync("Update 'SetAddress' completed: \"address set to Oslo\"");
            var updates = page.GetByLabel("Updates");
            await Assertions.Expect(updates).ToContainTextAsync($"console:olga ({reason})");
            await Assertions.Expect(updates).ToContainTextAsync("Completed");
            await Assertions.Expect(page.GetByLabel("History events")).ToContainTextAsync("WorkflowExecutionUpdateCompleted");
            await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "workflow-updated.png"), FullPage = true });

            // The engine's history holds the request with the operator and the reason.
            var history = await handle.FetchHistoryAsync();
            var accepted = history.Events.Single(e => e.WorkflowExecutionUpdateAcceptedEventAttributes is not null).WorkflowExecutionUpdateAcceptedEventAttributes;
            Assert.Equal("console:olga", accepted.AcceptedRequest.Meta.Identity);
            Assert.Equal(reason, Workflows.OperatorUpdate.ReasonOf(accepted.AcceptedRequest.Input.Header));
            Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
            await page.Context.CloseAsync();
            await handle.TerminateAsync("browser test done");
        });
    }

    [Fact]
    public async Task WorkflowWithAWorker_ResetFromTheDetailPage_NewRunIsCurrentAndTheOldOneTerminatedByTheOperator()
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(app.Services.GetRequiredService<IFrontendEndpoint>().Target));
        var workflowId = "browser-reset-" + Guid.NewGuid().ToString("N")[..8];
        var taskQueue = "browser-reset-" + Guid.NewGuid().ToString("N")[..8];
        var reason = "bad deploy " + Guid.NewGuid().ToString("N")[..8];
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<AddressWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await client.StartWorkflowAsync((AddressWorkflow wf) => wf.RunAsync(), new WorkflowOptions(workflowId, taskQueue));
            // An update answered means the workflow's first task has completed: there is a point to reset to.
            await handle.ExecuteUpdateAsync(wf => wf.SetAddressAsync("Bergen"), new WorkflowUpdateOptions("move-to-bergen"));
            var (page, errors) = await app.SignInAsync("olga", ConsoleAppFixture.OperatorPassword);
            await page.GotoAsync($"/workflows/default/{workflowId}/{handle.ResultRunId}");

            await page.GetByRole(AriaRole.Button, new() { Name = "Reset…" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Reset workflow" });
            await Assertions.Expect(dialog.GetByRole(AriaRole.Combobox, new() { Name = "Reset point" }))
                .ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Event 4: workflow task completed"));
            await dialog.Locator("#action-reason").FillAsync(reason);
            await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "workflow-reset-dialog.png"), FullPage = true });
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Reset", Exact = true }).ClickAsync();

            await Assertions.Expect(page.GetByLabel("Action result")).ToContainTextAsync("Reset to event 4: new run");
            await Assertions.Expect(page.GetByLabel("Outcome")).ToContainTextAsync($"Terminated by console:olga: {reason}");
            await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "workflow-reset.png"), FullPage = true });

            // The engine agrees: a new current run, the old one terminated with the operator and the reason.
            var current = await client.GetWorkflowHandle(workflowId).DescribeAsync();
            Assert.NotEqual(handle.ResultRunId, current.RunId);
            var terminated = (await client.GetWorkflowHandle(workflowId, handle.ResultRunId).FetchHistoryAsync()).Events.Last().WorkflowExecutionTerminatedEventAttributes;
            Assert.Equal((reason, "console:olga"), (terminated.Reason, terminated.Identity));
            Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
            await page.Context.CloseAsync();
            await client.GetWorkflowHandle(workflowId).TerminateAsync("browser test done");
        });
    }

    [Fact]
    public async Task WorkflowWithUpdates_OpenedByAViewer_ShowsEachAcceptedUpdateAndCannotSendOne()
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(app.Services.GetRequiredService<IFrontendEndpoint>().Target));
        var workflowId = "browser-viewed-" + Guid.NewGuid().ToString("N")[..8];
        var taskQueue = "browser-viewed-" + Guid.NewGuid().ToString("N")[..8];
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<AddressWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await client.StartWorkflowAsync((AddressWorkflow wf) => wf.RunAsync(), new WorkflowOptions(workflowId, taskQueue));
            await handle.ExecuteUpdateAsync(wf => wf.SetAddressAsync("Bergen"), new WorkflowUpdateOptions("move-to-bergen"));
            await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowUpdateFailedException>(() =>
                handle.ExecuteUpdateAsync(wf => wf.SetAddressAsync(""), new WorkflowUpdateOptions("no-city")));
            var (page, errors) = await app.SignInAsync("vera", ConsoleAppFixture.ViewerPassword);
            await page.GotoAsync($"/workflows/default/{workflowId}/{handle.ResultRunId}");

            var updates = page.GetByLabel("Updates");
            await Assertions.Expect(updates).ToContainTextAsync("move-to-bergen");
            await Assertions.Expect(updates).ToContainTextAsync("Completed");
            await Assertions.Expect(updates).ToContainTextAsync("\"address set to Bergen\"");
            // The validator's rejection left nothing in history, so the page has nothing to show for it.
            await Assertions.Expect(updates).Not.ToContainTextAsync("no-city");
            var history = page.GetByLabel("History events");
            await Assertions.Expect(history).ToContainTextAsync("WorkflowExecutionUpdateAccepted");
            await Assertions.Expect(history).ToContainTextAsync("WorkflowExecutionUpdateCompleted");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Update…" })).ToBeDisabledAsync();
            await Assertions.Expect(page.GetByText("Viewers can read but not change")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "workflow-updates-viewer.png"), FullPage = true });
            Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
            await page.Context.CloseAsync();
            await handle.TerminateAsync("browser test done");
        });
    }

    [Fact]
    public async Task HistoryDownload_SignedIn_ServesTemporalJson()
    {
        var (workflowId, runId) = await StartWorkflowAsync();
        var (page, _) = await app.SignInAsync("vera", ConsoleAppFixture.ViewerPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        var response = await page.APIRequest.GetAsync($"/workflows/default/{workflowId}/{runId}/history.json");

        Assert.Equal(200, response.Status);
        var history = Temporalio.Common.WorkflowHistory.FromJson(workflowId, await response.TextAsync());
        Assert.Equal(Temporalio.Api.Enums.V1.EventType.WorkflowExecutionStarted, history.Events.First().EventType);
        await page.Context.CloseAsync();
    }
}
