namespace Fencepost.ConsoleWeb.Benchmarks;

/// <summary>Where the console keeps benchmark runs (section Fencepost:Console:Benchmarks).</summary>
public sealed class ConsoleBenchmarkOptions
{
    public const string SectionName = "Fencepost:Console:Benchmarks";

    /// <summary>The run store's folder; empty for the CLI's default (~/.fencepost/benchmarks), so both list the same runs.</summary>
    public string? RunsFolder { get; set; }
}
