using AngleSharp.Dom;
using Bunit;
using Fencepost.Benchmarks.Runs;
using Fencepost.ConsoleWeb.Benchmarks;
using Fencepost.ConsoleWeb.Components.Pages;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.ConsoleWeb.Tests.Pages;

public sealed class BenchmarksPageTests : ConsoleTestContext
{
    private readonly FakeBenchmarks _benchmarks = new();

    public BenchmarksPageTests()
    {
        _benchmarks.WhyNotOperate = user => Services.GetRequiredService<ConsolePermissions>().WhyNotOperate(user);
        Services.AddSingleton<IBenchmarks>(_benchmarks);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new ConsoleBenchmarkOptions { RunsFolder = "/tmp/fencepost-bench-tests" }));
    }

    private static IElement Button(IRenderedComponent<BenchmarksPage> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    // MudCheckBox puts unmatched attributes on its input or on its wrapper, depending on the version.
    private static void Tick(IRenderedComponent<BenchmarksPage> page, string runId)
    {
        var labelled = page.Find($"[aria-label='Compare {runId}']");
        (labelled.TagName == "INPUT" ? labelled : labelled.QuerySelector("input")!).Change(true);
    }

    private Task PublishAsync(IRenderedComponent<BenchmarksPage> page, BenchmarkProgress? run) =>
        page.InvokeAsync(() => _benchmarks.PublishAsync(new LiveSnapshot<BenchmarkStatus>(new BenchmarkStatus(run), Time.GetUtcNow(), null)));

    [Fact]
    public void Render_NoRunsYet_SaysSoAndOperatorMayStart()
    {
        SignIn("olga", ConsoleRole.Operator);

        var page = Render<BenchmarksPage>();

        Assert.Contains("No stored runs yet.", page.Markup, StringComparison.Ordinal);
        Assert.False(Button(page, "Start benchmark").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[aria-label='Current run']"));
    }

    [Fact]
    public void Render_Viewer_StartDisabledWithReason()
    {
        SignIn("vera", ConsoleRole.Viewer);

        var page = Render<BenchmarksPage>();

        Assert.True(Button(page, "Start benchmark").HasAttribute("disabled"));
        Assert.Contains("Viewers can read but not change", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OperatorWhileReadOnly_StartDisabled()
    {
        SignIn("olga", ConsoleRole.Operator);
        ReadOnly.Set(true);

        var page = Render<BenchmarksPage>();

        Assert.True(Button(page, "Start benchmark").HasAttribute("disabled"));
    }

    [Fact]
    public void Start_InvalidRateAndDuration_ShowsEachMessageAndStartsNothing()
    {
        SignIn("olga", ConsoleRole.Operator);
        var page = Render<BenchmarksPage>();

        page.Find("#bench-rate").Change("0");
        page.Find("#bench-duration").Change("0");
        Button(page, "Start benchmark").Click();

        Assert.Contains("The rate must be more than 0", page.Markup, StringComparison.Ordinal);
        Assert.Contains("The measured duration must be between 1 and", page.Markup, StringComparison.Ordinal);
        Assert.Empty(_benchmarks.Started);
    }

    [Fact]
    public void Start_ValidRequest_StartedAsUserAndStartDisabledWhileRunning()
    {
        SignIn("olga", ConsoleRole.Operator);
        var page = Render<BenchmarksPage>();

        page.Find("#bench-rate").Change("15");
        page.Find("#bench-duration").Change("4");
        page.Find("#bench-warmup").Change("1");
        Button(page, "Start benchmark").Click();

        var started = Assert.Single(_benchmarks.Started);
        Assert.Equal(("olga", 15.0, 4, 1), (started.User, started.Request.Rate, started.Request.DurationSeconds, started.Request.WarmupSeconds));
        Assert.True(Button(page, "Start benchmark").HasAttribute("disabled"));
        Assert.Contains("one runs at a time", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_RunInProgress_ShowsLiveFiguresChartAndStop()
    {
        SignIn("olga", ConsoleRole.Operator);
        _benchmarks.Running = true;
        var page = Render<BenchmarksPage>();

        await PublishAsync(page, SampleBenchmarks.Running(Time.GetUtcNow()));

        Assert.Equal("Running", page.Find("[aria-label=Phase]").TextContent.Trim());
        var figures = page.Find("[aria-label='Live figures']").TextContent;
        Assert.Contains("50 wf/s", figures, StringComparison.Ordinal);
        Assert.Contains("131 ms", figures, StringComparison.Ordinal);
        Assert.Contains("12", figures, StringComparison.Ordinal);
        Assert.Equal(4, page.FindAll("[aria-label='Workflows per second'] polyline").Count);
        Button(page, "Stop run").Click();
        Assert.Equal(1, _benchmarks.Stops);
    }

    [Fact]
    public async Task Render_RunFinished_ShowsReportAndListsTheStoredRun()
    {
        SignIn("vera", ConsoleRole.Viewer);
        var page = Render<BenchmarksPage>();
        var result = SampleBenchmarks.Run("bench-1", Time.GetUtcNow(), 259, completed: 8_204);
        _benchmarks.Runs.Add(result);

        await PublishAsync(page, SampleBenchmarks.Running(Time.GetUtcNow()) with { Phase = BenchmarkPhase.Finished, Result = result });

        var report = page.Find("[aria-label='Report bench-1']").TextContent;
        Assert.Contains("8,204", report, StringComparison.Ordinal);
        Assert.Contains("259 ms", report, StringComparison.Ordinal);
        Assert.Contains("3,400", report, StringComparison.Ordinal);
        Assert.Contains("all completed", report, StringComparison.Ordinal);
        Assert.Contains("Export CSV", report, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[aria-label='Stored runs'] tbody tr")));
    }

    [Fact]
    public void Render_StoredRunWithNothingCompleted_ShowsMissingNotZero()
    {
        SignIn("vera", ConsoleRole.Viewer);
        _benchmarks.Runs.Add(SampleBenchmarks.Run("bench-empty", Time.GetUtcNow(), 0, completed: 0, failed: 3, calibrated: null));
        var page = Render<BenchmarksPage>();

        page.Find("button[aria-label='Show report bench-empty']").Click();

        var report = page.Find("[aria-label='Report bench-empty']");
        Assert.Contains("3 failed", report.TextContent, StringComparison.Ordinal);
        Assert.Contains("n/a", report.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("0 ms", report.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_TwoRunsTicked_ShowsSideBySideWithBetterAndWorseMarked()
    {
        SignIn("vera", ConsoleRole.Viewer);
        _benchmarks.Runs.Add(SampleBenchmarks.Run("bench-old", Time.GetUtcNow().AddHours(-1), 259, completed: 8_000));
        _benchmarks.Runs.Add(SampleBenchmarks.Run("bench-new", Time.GetUtcNow(), 120, completed: 9_000, failed: 2));
        var page = Render<BenchmarksPage>();

        Tick(page, "bench-new");
        Tick(page, "bench-old");

        var rows = page.FindAll("[aria-label=Comparison] tbody tr");
        var p99 = rows.Single(r => r.Children[0].TextContent == "p99");
        Assert.Equal("better", p99.GetAttribute("data-change"));
        Assert.Contains("-139 ms", p99.TextContent, StringComparison.Ordinal);
        Assert.Equal("worse", rows.Single(r => r.Children[0].TextContent == "Failed").GetAttribute("data-change"));
        Assert.Equal("better", rows.Single(r => r.Children[0].TextContent == "Completed").GetAttribute("data-change"));
        Assert.Equal("same", rows.Single(r => r.Children[0].TextContent == "Offered rate").GetAttribute("data-change"));
    }

    [Fact]
    public void Compare_TwoRunsWithGcReadings_LessPauseIsBetterAndARunWithoutThemHasNone()
    {
        SignIn("vera", ConsoleRole.Viewer);
        _benchmarks.Runs.Add(SampleBenchmarks.Run("bench-gc-a", Time.GetUtcNow().AddHours(-2), 200, completed: 9_000, gcPausedMs: 1_300));
        _benchmarks.Runs.Add(SampleBenchmarks.Run("bench-gc-b", Time.GetUtcNow().AddHours(-1), 180, completed: 9_000, gcPausedMs: 700));
        _benchmarks.Runs.Add(SampleBenchmarks.Run("bench-gc-none", Time.GetUtcNow(), 190, completed: 9_000));
        var page = Render<BenchmarksPage>();

        Tick(page, "bench-gc-a");
        Tick(page, "bench-gc-b");

        var gc = page.FindAll("[aria-label=Comparison] tbody tr").Single(r => r.Children[0].TextContent == "GC paused");
        Assert.Equal("better", gc.GetAttribute("data-change"));
        Assert.Contains("-600 ms", gc.TextContent, StringComparison.Ordinal);
        Assert.Null(_benchmarks.Runs.Single(r => r.RunId == "bench-gc-none").GcPausedMs);
    }
}
