using System.Text.Json;

namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>
/// Starts the engine on one store and runs the whole TypeScript suite against it once, in one
/// node process (one bundle, one shared worker); the tests then read their suite's results.
/// </summary>
public abstract class TypeScriptRunFixture : IAsyncLifetime
{
    /// <summary>Bounds the whole run, so a hung worker fails the tests instead of the build.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(8);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private InProcessEngine? _engine;

    public IReadOnlyList<TypeScriptCaseResult> Results { get; private set; } = [];

    /// <summary>What node printed (worker warnings, crashes), for a failure's message.</summary>
    public string Output { get; private set; } = "";

    public int ExitCode { get; private set; }

    /// <summary>Why the run could not happen at all (no node, tsc failed...), else null.</summary>
    public string? SetupFailure { get; private set; }

    protected abstract Task<IReadOnlyList<KeyValuePair<string, string?>>> StoreSettingsAsync();

    public async Task InitializeAsync()
    {
        string bundle;
        try
        {
            bundle = await TypeScriptProject.BuildAsync();
        }
        catch (InvalidOperationException ex)
        {
            SetupFailure = ex.Message;
            return;
        }
        _engine = await InProcessEngine.StartAsync(await StoreSettingsAsync());
        var resultsFile = Path.Combine(Path.GetTempPath(), $"fencepost-ts-{Guid.NewGuid():N}.jsonl");
        try
        {
            var run = await NodeProcess.RunAsync(TypeScriptProject.Root,
                ["--test-reporter=./dist/reporter.js", $"--test-reporter-destination={resultsFile}", "dist/run.js"],
                new Dictionary<string, string>
                {
                    ["FENCEPOST_ADDRESS"] = _engine.Target,
                    ["FENCEPOST_NAMESPACE"] = "default",
                    ["FENCEPOST_WORKFLOW_BUNDLE"] = bundle,
                },
                RunTimeout);
            ExitCode = run.ExitCode;
            Output = run.Output;
            Results = File.Exists(resultsFile)
                ? [.. File.ReadAllLines(resultsFile).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<TypeScriptCaseResult>(line, Json)!)]
                : [];
        }
        finally
        {
            File.Delete(resultsFile);
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }
}
