using Temporalio.Workflows;

namespace Fencepost.Benchmarks.Driver.Workflows;

/// <summary>The activity options every benchmark workflow uses: a timeout generous enough that only a lost task trips it.</summary>
internal static class BenchActivityOptions
{
    public static ActivityOptions Default => new() { StartToCloseTimeout = TimeSpan.FromSeconds(60) };
}
