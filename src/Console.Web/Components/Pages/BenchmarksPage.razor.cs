using System.Globalization;
using System.Security.Claims;
using Fencepost.Benchmarks.Runs;
using Fencepost.ConsoleWeb.Benchmarks;
using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Live;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>
/// Start a benchmark (operators), watch it live, read its report, list stored runs, compare two side by
/// side and export them. The run lives in a singleton, so leaving the page does not stop it.
/// </summary>
public sealed partial class BenchmarksPage
{
    private readonly List<string> _selected = [];
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private IReadOnlyList<StoredBenchmarkRun>? _runs;
    private StoredBenchmarkRun? _shown;
    private ClaimsPrincipal _user = new();
    private string _scenario = "simple";
    private double _rate = 20;
    private int _duration = 30;
    private int _warmup = 5;
    private int _calibration = 3;
    private bool _eagerStart;
    private string? _listedAfter;

    [Inject]
    public required IBenchmarks Benchmarks { get; init; }

    [Inject]
    public required ConsolePermissions Permissions { get; init; }

    [Inject]
    public required IStoreInfo StoreInfo { get; init; }

    [Inject]
    public required IDynamicConfig Config { get; init; }

    [Inject]
    public required Microsoft.Extensions.Options.IOptions<ConsoleBenchmarkOptions> Options { get; init; }

    [CascadingParameter]
    public required Task<AuthenticationState> AuthenticationState { get; set; }

    protected override ILiveSource<BenchmarkStatus> Source => Benchmarks;

    private BenchmarkProgress? Current => Snapshot?.Data?.Run;

    private bool CanOperate => Permissions.CanOperate(_user);

    // Read at each render: the page re-renders with every live reading, so the read-only switch and a
    // finished run show within one refresh interval.
    private string? WhyNotStart => Benchmarks.WhyCannotStart(_user);

    private double RefreshSeconds => Config.Get(ConsoleDynamicConfigKeys.LiveRefreshInterval).TotalSeconds;

    private string RunsFolder => new Fencepost.Benchmarks.Driver.BenchmarkRunStore(Options.Value.RunsFolder).Folder;

    private (StoredBenchmarkRun A, StoredBenchmarkRun B)? Comparison =>
        _selected.Count == 2 && _runs is not null
        && _runs.FirstOrDefault(r => r.RunId == _selected[0]) is { } first && _runs.FirstOrDefault(r => r.RunId == _selected[1]) is { } second
            // Older run as A, so the deltas read as "what changed since".
            ? first.Report.StartedAt <= second.Report.StartedAt ? (first, second) : (second, first)
            : null;

    protected override async Task OnInitializedAsync()
    {
        _user = (await AuthenticationState).User;
        _listedAfter = Current?.Result?.RunId;
        await LoadRunsAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // A run finished since the list was read: read it again so the new run appears.
        if (Current?.Result?.RunId is { } finished && finished != _listedAfter)
        {
            _listedAfter = finished;
            await LoadRunsAsync();
            StateHasChanged();
        }
    }

    private async Task LoadRunsAsync() => _runs = await Benchmarks.ListRunsAsync();

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    private void Start()
    {
        try
        {
            _errors = Benchmarks.Start(_user, new BenchmarkStartRequest
            {
                Scenario = _scenario,
                Rate = _rate,
                DurationSeconds = _duration,
                WarmupSeconds = _warmup,
                CalibrationSeconds = _calibration,
                EagerStart = _eagerStart,
            });
        }
        catch (UnauthorizedAccessException ex)
        {
            _errors = new Dictionary<string, string> { [""] = ex.Message };
        }
    }

    private void Stop()
    {
        try
        {
            Benchmarks.Stop(_user);
        }
        catch (UnauthorizedAccessException ex)
        {
            _errors = new Dictionary<string, string> { [""] = ex.Message };
        }
    }

    private void Select(string runId, bool on)
    {
        _selected.Remove(runId);
        if (on)
        {
            _selected.Add(runId);
            if (_selected.Count > 2)
            {
                _selected.RemoveAt(0);
            }
        }
    }

    private static IEnumerable<(string Name, string Value)> LiveFigures(BenchmarkProgress run)
    {
        var last = run.Series.Count > 0 ? run.Series[^1] : null;
        yield return ("Offered, last second", last is null ? BenchmarkFigures.Missing : $"{last.Offered} wf/s");
        yield return ("Completed, last second", last is null ? BenchmarkFigures.Missing : $"{last.Completed} wf/s");
        yield return ("Offered so far", run.Offered.ToString("N0", CultureInfo.InvariantCulture));
        yield return ("Completed so far", run.Completed.ToString("N0", CultureInfo.InvariantCulture));
        yield return ("Failed so far", run.Failed.ToString("N0", CultureInfo.InvariantCulture));
        yield return ("In flight", run.InFlight.ToString("N0", CultureInfo.InvariantCulture));
        yield return ("p50 so far", Ms(run.Latency?.P50Milliseconds));
        yield return ("p95 so far", Ms(run.Latency?.P95Milliseconds));
        yield return ("p99 so far", Ms(run.Latency?.P99Milliseconds));
        yield return ("max so far", Ms(run.Latency?.MaxMilliseconds));
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + " ms" : BenchmarkFigures.Missing;

    private static Color PhaseColor(BenchmarkPhase phase) => phase switch
    {
        BenchmarkPhase.Finished => Color.Success,
        BenchmarkPhase.Failed => Color.Error,
        _ => Color.Info,
    };
}
