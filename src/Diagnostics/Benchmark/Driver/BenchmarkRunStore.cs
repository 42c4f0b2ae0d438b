using System.Globalization;

namespace Fencepost.Diagnostics.Benchmark.Driver;

/// <summary>
/// Finished runs kept as JSON files in one folder (default ~/.fencepost/benchmarks), one file per run
/// named by its start time and run id, so runs can be listed and compared later.
/// </summary>
public sealed class BenchmarkRunStore
{
    public BenchmarkRunStore(string? folder = null)
    {
        Folder = string.IsNullOrWhiteSpace(folder) ? DefaultFolder : Path.GetFullPath(folder);
    }

    public static string DefaultFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fencepost", "benchmarks");

    public string Folder { get; }

    /// <summary>Writes the run (to a temporary name first, so a reader never sees half a file) and returns its path.</summary>
    public async Task<string> SaveAsync(BenchmarkRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(Folder);
        var stamp = run.Report.StartedAt.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var path = Path.Combine(Folder, $"{stamp}-{run.Report.Scenario}-{run.RunId}.json");
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, run.ToJson(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>Every stored run's report, newest first; files that are not reports are skipped.</summary>
    public async Task<IReadOnlyList<BenchmarkReport>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        var reports = new List<BenchmarkReport>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            var json = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            if (TryRead(json) is { } report)
            {
                reports.Add(report);
            }
        }
        return [.. reports.OrderByDescending(r => r.StartedAt)];
    }

    private static BenchmarkReport? TryRead(string json)
    {
        try
        {
            return BenchmarkReport.FromJson(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
