using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Temporalio.Client;

namespace Fencepost.ConsoleWeb.Browser.Tests.ReadmeRun;

/// <summary>
/// "Why is this workflow stuck?" against the product started as the README says: a workflow started
/// through the SDK on a queue no worker polls is diagnosed on its detail page, and the same verdict
/// is served as JSON to a signed-in session, and to nobody else.
/// </summary>
[Collection(ReadmeRunCollection.Name)]
public sealed class ReadmeDiagnosisTests(ReadmeProductFixture fixture) : IClassFixture<ReadmeProductFixture>
{
    [Fact]
    public async Task StuckWorkflow_ReadmeRunCommand_DetailPageAndJsonNameTheMissingWorker()
    {
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions($"localhost:{ReadmeProcess.FrontendPort}"));
        var workflowId = "readme-stuck-" + Guid.NewGuid().ToString("N")[..8];
        var queue = "readme-nobody-" + Guid.NewGuid().ToString("N")[..8];
        var handle = await client.StartWorkflowAsync("OrderWorkflow", ["order 7"], new WorkflowOptions(workflowId, queue));
        var (page, errors) = await ReadmeBrowser.SignInAsync(fixture.Browser, fixture.Product);

        await page.GotoAsync(new Uri(ReadmeProcess.ConsoleAddress, $"/workflows/default/{workflowId}/{handle.ResultRunId}").ToString());
        var verdict = page.GetByLabel("Verdict");
        await Assertions.Expect(verdict).ToContainTextAsync($"Waiting for a worker: no poller has polled task queue {queue}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleAppFixture.ScreenshotDirectory, "readme-run-why-stuck.png"), FullPage = true });

        var jsonPath = $"/workflows/default/{workflowId}/current/diagnosis.json";
        var signedIn = await page.APIRequest.GetAsync(new Uri(ReadmeProcess.ConsoleAddress, jsonPath).ToString());
        Assert.Equal(200, signedIn.Status);
        using var json = JsonDocument.Parse(await signedIn.TextAsync());
        Assert.Equal("WaitingForWorker", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(handle.ResultRunId, json.RootElement.GetProperty("runId").GetString());
        Assert.NotEmpty(json.RootElement.GetProperty("findings").EnumerateArray());

        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var refused = await anonymous.GetAsync(new Uri(ReadmeProcess.ConsoleAddress, jsonPath));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        Assert.True(errors.Count == 0, "Browser errors:\n" + string.Join("\n", errors));
        await handle.TerminateAsync("test over");
        await page.Context.CloseAsync();
    }
}
