using Fencepost.Benchmarks.Driver;
using Microsoft.Extensions.Options;

using Fencepost.Benchmarks.Runs;

namespace Fencepost.ConsoleWeb.Benchmarks;

/// <summary>
/// The runs kept by <see cref="BenchmarkRunStore"/> (the CLI's and the console's alike), read with their
/// run ids so the page can pick, compare and export them.
/// </summary>
public sealed class BenchmarkRunFolder(IOptions<ConsoleBenchmarkOptions> options)
{
    public BenchmarkRunStore Store { get; } = new(options.Value.RunsFolder);

    /// <summary>Every stored run, newest first; files that are not runs are skipped.</summary>
    public async Task<IReadOnlyList<StoredBenchmarkRun>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await Store.ReadAllAsync(StoredBenchmarkRun.TryParse, cancellationToken)).OrderByDescending(r => r.Report.StartedAt)];

    /// <summary>One stored run, reading only the files named after it (not the whole folder).</summary>
    public async Task<StoredBenchmarkRun?> FindAsync(string runId, CancellationToken cancellationToken = default) =>
        (await Store.ReadRunAsync(runId, StoredBenchmarkRun.TryParse, cancellationToken)).FirstOrDefault(r => r.RunId == runId);

    /// <summary>Stores the run and returns it as listing will show it (parsed from its JSON, not re-read from disk).</summary>
    public async Task<StoredBenchmarkRun> SaveAsync(BenchmarkRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var path = await Store.SaveAsync(run, cancellationToken);
        return StoredBenchmarkRun.TryParse(run.ToJson())
            ?? throw new InvalidOperationException($"The run just written to {path} does not read back.");
    }
}
