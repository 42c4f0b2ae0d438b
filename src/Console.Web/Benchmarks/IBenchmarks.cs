using System.Security.Claims;
using Fencepost.Benchmarks.Runs;
using Fencepost.ConsoleWeb.Live;

namespace Fencepost.ConsoleWeb.Benchmarks;

/// <summary>
/// Benchmarks started from the console against this process's engine and store: one at a time, run by
/// a singleton so it outlives the page that started it, watched live, and kept in the run store.
/// </summary>
public interface IBenchmarks : ILiveSource<BenchmarkStatus>
{
    /// <summary>Why <paramref name="user"/> cannot start a run now (role, read-only, a run in progress), or null.</summary>
    string? WhyCannotStart(ClaimsPrincipal user);

    /// <summary>
    /// Starts a run; returns the problems by field (empty when it started). Throws
    /// <see cref="UnauthorizedAccessException"/> when the user may not operate.
    /// </summary>
    IReadOnlyDictionary<string, string> Start(ClaimsPrincipal user, BenchmarkStartRequest request);

    /// <summary>Stops the run in progress; it ends as failed, without a report.</summary>
    void Stop(ClaimsPrincipal user);

    Task<IReadOnlyList<StoredBenchmarkRun>> ListRunsAsync(CancellationToken cancellationToken = default);
}
