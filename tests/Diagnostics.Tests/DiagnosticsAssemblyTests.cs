namespace Fencepost.Diagnostics.Tests;

public class DiagnosticsAssemblyTests
{
    [Fact]
    public void Prefix_IsProductName() => Assert.Equal("Fencepost", DiagnosticsAssembly.Prefix);

    /// <summary>The library sits below the engine, the console and the benchmarks: it may use the BCL and HdrHistogram only.</summary>
    [Fact]
    public void References_OnlyTheBclAndHdrHistogram()
    {
        var references = typeof(DiagnosticsAssembly).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => name != "netstandard" && !name.StartsWith("System", StringComparison.Ordinal) && !name.StartsWith("Microsoft.Win32", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(["HdrHistogram"], references);
    }
}
