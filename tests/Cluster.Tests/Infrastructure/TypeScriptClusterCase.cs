using System.Reflection;
using NodeRun = Fencepost.Engine.TypeScriptSdk.Tests.NodeProcess;

namespace Fencepost.Cluster.Tests.Infrastructure;

/// <summary>
/// Runs one file of Engine.TypeScriptSdk.Tests' npm project (under <c>src/cluster</c>) against the
/// cluster's nodes with the TypeScript SDK. It compiles into <c>dist-cluster</c>, not the
/// <c>dist</c> the TypeScript suite builds, so the two projects never write the same files at once.
/// </summary>
public static class TypeScriptClusterCase
{
    private const string OutDir = "dist-cluster";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<Task<string>> Build = new(CompileAndBundleAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private static string Root { get; } = typeof(TypeScriptClusterCase).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TypeScriptRoot").Value!;

    /// <summary>Runs <c>src/cluster/{name}.test.ts</c> with node's test runner; returns its exit code and output.</summary>
    public static async Task<NodeRun.Outcome> RunAsync(string name, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var bundle = await Build.Value;
        var settings = new Dictionary<string, string>(environment)
        {
            ["FENCEPOST_NAMESPACE"] = TwoNodeCluster.Namespace,
            ["FENCEPOST_WORKFLOW_BUNDLE"] = bundle,
        };
        return await NodeRun.RunAsync(Root, ["--test", "--test-reporter=spec", $"{OutDir}/cluster/{name}.test.js"], settings, timeout);
    }

    private static async Task<string> CompileAndBundleAsync()
    {
        if (!Directory.Exists(Path.Combine(Root, "node_modules", "@temporalio", "worker")))
        {
            throw new InvalidOperationException($"The TypeScript SDK packages are not installed in {Root}: run `npm ci` there (eng/test.sh does it when node_modules is missing).");
        }
        var compile = await NodeRun.RunAsync(Root, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--outDir", OutDir], new Dictionary<string, string>(), BuildTimeout);
        if (compile.ExitCode != 0)
        {
            throw new InvalidOperationException($"tsc failed ({compile.ExitCode}):\n{compile.Output}");
        }
        var bundle = Path.Combine(Root, OutDir, "workflow-bundle.js");
        var bundled = await NodeRun.RunAsync(Root, [$"{OutDir}/bundle.js", bundle], new Dictionary<string, string>(), BuildTimeout);
        if (bundled.ExitCode != 0)
        {
            throw new InvalidOperationException($"Bundling the workflows failed ({bundled.ExitCode}):\n{bundled.Output}");
        }
        return bundle;
    }
}
