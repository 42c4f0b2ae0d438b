namespace Fencepost.Benchmarks.Cli;

/// <summary>Either the arguments or every problem found in the command line (never both).</summary>
public sealed record BenchArgumentsParseResult(BenchArguments? Arguments, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Arguments is not null;
}
