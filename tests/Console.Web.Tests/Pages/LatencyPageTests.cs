using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Telemetry;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Fencepost.Diagnostics.Latency;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class LatencyPageTests : ConsoleTestContext
{
    private readonly FakeTelemetryTicker _ticker = new();
    private readonly LatencyRecorder _recorder;

    public LatencyPageTests()
    {
        SignIn("vera", ConsoleRole.Viewer);
        _recorder = new LatencyRecorder(Time);
        Services.AddSingleton<ITelemetryTicker>(_ticker);
        Services.AddSingleton(_recorder);
    }

    private Task TickAsync(IRenderedComponent<LatencyPage> page, params ConfigMark[] marks) =>
        page.InvokeAsync(() => _ticker.PublishAsync(new LiveSnapshot<TelemetryTick>(new TelemetryTick(marks), Time.GetUtcNow(), null)));

    [Fact]
    public async Task Render_PersistenceSamples_PercentilesPerOperationInMilliseconds()
    {
        for (var i = 1; i <= 100; i++)
        {
            _recorder.Record(LatencySeriesNames.Persistence("ShardWrite"), TimeSpan.FromMilliseconds(i));
        }
        var page = Render<LatencyPage>();

        await TickAsync(page);

        var row = page.Find("tr[aria-label='persistence.ShardWrite']");
        Assert.Contains("100", row.Children[1].TextContent, StringComparison.Ordinal);
        Assert.StartsWith("50", row.Children[2].TextContent.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("99", row.Children[4].TextContent.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("ms", row.Children[4].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("Unit: ms", page.Find("[aria-label=Persistence]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NoSamples_ExpectedSeriesListedAsNoDataNotZero()
    {
        var page = Render<LatencyPage>();

        await TickAsync(page);

        var row = page.Find("tr[aria-label='workflow.end_to_end']");
        Assert.Contains("no data in this window", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("0 ms", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("no data", row.QuerySelector("svg")!.GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeRange_SamplesTwoMinutesOld_OutOfTheOneMinuteWindow()
    {
        _recorder.Record(LatencySeriesNames.WorkflowEndToEnd, TimeSpan.FromSeconds(2));
        Time.Advance(TimeSpan.FromMinutes(2));
        var page = Render<LatencyPage>();
        await TickAsync(page);
        Assert.DoesNotContain("no data", page.Find("tr[aria-label='workflow.end_to_end']").TextContent, StringComparison.Ordinal);

        page.FindAll("[aria-label='Time range'] button").Single(b => b.TextContent.Trim() == "1 min").Click();

        Assert.Contains("no data in this window", page.Find("tr[aria-label='workflow.end_to_end']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ConfigChangeInWindow_MarkedOnTheCharts()
    {
        _recorder.Record(LatencySeriesNames.WorkflowEndToEnd, TimeSpan.FromSeconds(1));
        var page = Render<LatencyPage>();

        await TickAsync(page, new ConfigMark(Time.GetUtcNow() - TimeSpan.FromSeconds(10), "history.cacheSize", "global", null, "512", "olga", "bigger cache"));

        var mark = page.Find("tr[aria-label='workflow.end_to_end'] line.config-mark");
        Assert.Contains("history.cacheSize: default -> 512 by olga (bigger cache)", mark.TextContent, StringComparison.Ordinal);
    }
}
