using System.Reflection;

namespace Fencepost.Engine.TypeScriptSdk.Tests;

/// <summary>
/// The npm project under ts/: where it is, its suites (one per <c>src/cases/*.test.ts</c>), and its
/// build (tsc, then one webpack bundle of the workflows), done once per test process for both stores.
/// </summary>
public static class TypeScriptProject
{
    private static readonly Lazy<Task<string>> Build = new(CompileAndBundleAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Root { get; } = typeof(TypeScriptProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TypeScriptRoot").Value!;

    /// <summary>
    /// The suite names: each case file registers one top-level describe named after the file. With
    /// FENCEPOST_TS_SUITES set (names separated by commas), only those; node, which inherits the
    /// variable, then runs only their files.
    /// </summary>
    public static IEnumerable<object[]> Suites() =>
        Directory.GetFiles(Path.Combine(Root, "src", "cases"), "*.test.ts")
            .Select(path => Path.GetFileName(path)[..^".test.ts".Length])
            .Where(Chosen)
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name });

    private static bool Chosen(string suite)
    {
        var only = (Environment.GetEnvironmentVariable("FENCEPOST_TS_SUITES") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return only.Length == 0 || only.Contains(suite, StringComparer.Ordinal);
    }

    /// <summary>Compiles the project and bundles the workflows; returns the bundle's path.</summary>
    public static Task<string> BuildAsync() => Build.Value;

    private static async Task<string> CompileAndBundleAsync()
    {
        if (!Directory.Exists(Path.Combine(Root, "node_modules", "@temporalio", "worker")))
        {
            throw new InvalidOperationException($"The TypeScript SDK packages are not installed in {Root}: run `npm ci` there (eng/test.sh does it when node_modules is missing).");
        }
        var compile = await NodeProcess.RunAsync(Root, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], new Dictionary<string, string>(), TimeSpan.FromMinutes(3));
        if (compile.ExitCode != 0)
        {
            throw new InvalidOperationException($"tsc failed ({compile.ExitCode}):\n{compile.Output}");
        }
        var bundle = Path.Combine(Root, "dist", "workflow-bundle.js");
        var bundled = await NodeProcess.RunAsync(Root, ["dist/bundle.js", bundle], new Dictionary<string, string>(), TimeSpan.FromMinutes(3));
        if (bundled.ExitCode != 0)
        {
            throw new InvalidOperationException($"Bundling the workflows failed ({bundled.ExitCode}):\n{bundled.Output}");
        }
        return bundle;
    }
}
