using System.Security.Claims;
using Fencepost.Benchmarks.Runs;
using Fencepost.ConsoleWeb.Benchmarks;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>Benchmarks whose live readings and stored runs the test sets; starts are recorded after the real validation.</summary>
public sealed class FakeBenchmarks : FakeLiveSource<BenchmarkStatus>, IBenchmarks
{
    public List<StoredBenchmarkRun> Runs { get; } = [];

    public List<(string User, BenchmarkStartRequest Request)> Started { get; } = [];

    public bool Running { get; set; }

    public int Stops { get; private set; }

    public Func<ClaimsPrincipal, string?> WhyNotOperate { get; set; } = _ => null;

    public string? WhyCannotStart(ClaimsPrincipal user) => WhyNotOperate(user) ?? (Running ? "A benchmark is running; one runs at a time." : null);

    public IReadOnlyDictionary<string, string> Start(ClaimsPrincipal user, BenchmarkStartRequest request)
    {
        var errors = request.Validate();
        if (errors.Count == 0)
        {
            Started.Add((user.Identity?.Name ?? "", request));
            Running = true;
        }
        return errors;
    }

    public void Stop(ClaimsPrincipal user) => Stops++;

    public Task<IReadOnlyList<StoredBenchmarkRun>> ListRunsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredBenchmarkRun>>([.. Runs.OrderByDescending(r => r.Report.StartedAt)]);
}
