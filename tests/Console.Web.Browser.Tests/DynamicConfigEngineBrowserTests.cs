using Fencepost.Engine.Hosting;
using Fencepost.Engine.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Temporalio.Client;

namespace Fencepost.ConsoleWeb.Browser.Tests;

/// <summary>A dynamic config change made in the browser changes what the engine does, and is audited.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class DynamicConfigEngineBrowserTests(ConsoleAppFixture app)
{
    [Fact]
    public async Task WritePartitions_SetForQueueInBrowser_EngineCreatesThatManyPartitions()
    {
        var queue = "partitioned-" + Guid.NewGuid().ToString("N")[..8];
        var reason = "browser partitions test " + Guid.NewGuid().ToString("N")[..8];
        var key = MatchingConfigKeys.NumTaskqueueWritePartitions.Name;
        var (page, errors) = await app.SignInAsync("olga", ConsoleAppFixture.OperatorPassword);
        await page.GotoAsync("/config?q=matching.numTaskqueue");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Change {key}" }).ClickAsync();
        var editor = page.GetByLabel($"Edit {key}");
        await editor.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Task queue", new() { Exact = true }).ClickAsync();
        await editor.GetByLabel("Task queue (namespace/queue)").FillAsync($"default/{queue}");
        await page.Locator("#config-value").FillAsync("4");
        await page.Locator("#config-reason").FillAsync(reason);
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Config audit log")).ToContainTextAsync(reason);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "config-partitions.png"), FullPage = true });

        // A workflow task on that queue makes matching open it with the configured partitions.
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(app.Services.GetRequiredService<IFrontendEndpoint>().Target));
        await client.StartWorkflowAsync("PartitionedWorkflow", [], new WorkflowOptions("partitioned-" + Guid.NewGuid().ToString("N")[..8], queue));

        await page.GetByRole(AriaRole.Link, new() { Name = "Task queues", Exact = true }).ClickAsync();
        var row = page.GetByLabel("Task queues").Locator("tbody tr", new() { HasText = queue });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        // Columns: namespace, queue, type, partitions (default 1).
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("4");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "task-queues-partitioned.png"), FullPage = true });
        Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
        await page.Context.CloseAsync();
    }
}
