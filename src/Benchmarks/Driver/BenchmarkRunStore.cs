using System.Globalization;

namespace Fencepost.Benchmarks.Driver;

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
    public async Task<IReadOnlyList<BenchmarkReport>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await ReadAllAsync(TryRead, cancellationToken).ConfigureAwait(false)).OrderByDescending(r => r.StartedAt)];

    /// <summary>
    /// Every stored file read through <paramref name="parse"/>, in no particular order; files it
    /// rejects (null) are skipped. For callers that need more of a run than its report.
    /// </summary>
    public Task<IReadOnlyList<T>> ReadAllAsync<T>(Func<string, T?> parse, CancellationToken cancellationToken = default)
        where T : class =>
        ReadAsync("*.json", parse, cancellationToken);

    /// <summary>
    /// The stored files that can hold run <paramref name="runId"/> (files are named after it), read
    /// through <paramref name="parse"/>; the caller checks the id it parsed. Nothing for an id that
    /// is not a plain run id (letters, digits, '-' and '_'), so it can never name another path.
    /// </summary>
    public Task<IReadOnlyList<T>> ReadRunAsync<T>(string runId, Func<string, T?> parse, CancellationToken cancellationToken = default)
        where T : class =>
        !string.IsNullOrEmpty(runId) && runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? ReadAsync($"*-{runId}.json", parse, cancellationToken)
            : Task.FromResult<IReadOnlyList<T>>([]);

    private async Task<IReadOnlyList<T>> ReadAsync<T>(string pattern, Func<string, T?> parse, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        var parsed = new List<T>();
        foreach (var file in Directory.EnumerateFiles(Folder, pattern))
        {
            var json = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            if (parse(json) is { } item)
            {
                parsed.Add(item);
            }
        }
        return parsed;
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
