using Bunit;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.ConsoleWeb.Data.Overview;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Fencepost.Diagnostics.Health;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class OverviewPageTests : ConsoleTestContext
{
    private readonly FakeOverviewSource _overview = new();

    public OverviewPageTests()
    {
        SignIn("vera", ConsoleRole.Viewer);
        Services.AddSingleton<IOverviewSource>(_overview);
    }

    private ChartSeries Series(string name, params double?[] points) =>
        new(name, "/s", Time.GetUtcNow() - TimeSpan.FromSeconds(points.Length - 1), points);

    private OverviewSnapshot Snapshot(HealthSignals signals, IReadOnlyList<ConfigMark>? marks = null, double? busy = 0.004) => new(
        new HealthEvaluator().Evaluate(signals),
        signals,
        [
            new KeyNumber("Workflow completions", "/s", signals.CompletionsPerSecond, Series("Workflow completions", 4, 5, null, 6), "closed per second"),
            new KeyNumber("Persistence p99", "ms", null, Series("Persistence p99", null, null, null, null), "p99"),
        ],
        marks ?? [],
        busy);

    [Fact]
    public async Task Render_ConflictsOverThreshold_StressedWithReasonsAndKeyNumbers()
    {
        var page = Render<OverviewPage>();

        await page.InvokeAsync(() => _overview.PublishAsync(new LiveSnapshot<OverviewSnapshot>(Snapshot(new HealthSignals
        {
            CompletionsPerSecond = 5,
            StateTransitionsPerSecond = 20,
            ConflictsPerSecond = 4,
            OpenWorkflows = 12,
        }), Time.GetUtcNow(), null)));

        var verdict = page.Find("[aria-label='Health verdict']");
        Assert.Contains("Stressed", verdict.TextContent, StringComparison.Ordinal);
        Assert.Contains("Conflicts per state transition is 0.2", verdict.TextContent, StringComparison.Ordinal);
        Assert.Contains("5 /s", page.Find("[aria-label='Workflow completions']").TextContent, StringComparison.Ordinal);
        Assert.Contains("no data", page.Find("[aria-label='Persistence p99']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Open workflows: 12", page.Markup, StringComparison.Ordinal);
        Assert.Contains("0.4 % of the machine", page.Find("[aria-label='Console overhead']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_PendingWorkAndNoProgress_StalledSaysWhatIsPending()
    {
        var page = Render<OverviewPage>();

        await page.InvokeAsync(() => _overview.PublishAsync(new LiveSnapshot<OverviewSnapshot>(
            Snapshot(new HealthSignals { OpenWorkflows = 3 }), Time.GetUtcNow(), null)));

        var verdict = page.Find("[aria-label='Health verdict']").TextContent;
        Assert.Contains("Stalled", verdict, StringComparison.Ordinal);
        Assert.Contains("3 workflows are open", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ConfigChangeInWindow_MarkOnEverySparklineWithWhoWhatWhy()
    {
        var page = Render<OverviewPage>();
        var mark = new ConfigMark(Time.GetUtcNow() - TimeSpan.FromSeconds(1), "matching.numTaskqueueReadPartitions", "global", "4", "8", "olga", "more pollers");

        await page.InvokeAsync(() => _overview.PublishAsync(new LiveSnapshot<OverviewSnapshot>(
            Snapshot(new HealthSignals { CompletionsPerSecond = 1, StateTransitionsPerSecond = 3 }, [mark]), Time.GetUtcNow(), null)));

        var marks = page.FindAll("line.config-mark");
        Assert.Equal(2, marks.Count);
        Assert.Contains("matching.numTaskqueueReadPartitions: 4 -> 8 by olga (more pollers)", marks[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ReadFailed_ShowsErrorAndNoVerdict()
    {
        var page = Render<OverviewPage>();

        await page.InvokeAsync(() => _overview.PublishAsync(new LiveSnapshot<OverviewSnapshot>(null, Time.GetUtcNow(), "store unreachable")));

        Assert.Contains("store unreachable", page.Find("[role=alert]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[aria-label='Health verdict']"));
    }

    [Fact]
    public void Dispose_PageRemoved_UnsubscribesSoNothingIsPolled()
    {
        var page = Render<OverviewPage>();
        Assert.Equal(1, _overview.SubscriberCount);

        page.Instance.Dispose();

        Assert.Equal(0, _overview.SubscriberCount);
    }
}
