using Fencepost.Engine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Temporalio.Client;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>A workflow started through the real Temporal SDK, found in the list, opened, and terminated from the browser.</summary>
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
