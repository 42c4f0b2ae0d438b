namespace Fencepost.Diagnostics.Benchmark.Driver.CommandLine;

/// <summary>The parsed <c>bench</c> command line.</summary>
public sealed record BenchArguments
{
    public required string Scenario { get; init; }

    public required LoadDriverOptions Load { get; init; }

    /// <summary>"embedded" or "postgres".</summary>
    public string Store { get; init; } = "embedded";

    public string? Connection { get; init; }

    public int ShardCount { get; init; } = 4;

    public int FanoutWidth { get; init; } = 10;

    public TimeSpan TimerDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public string? JsonPath { get; init; }

    public string? CsvPath { get; init; }

    /// <summary>Where finished runs are kept; null for the default (~/.fencepost/benchmarks).</summary>
    public string? RunsFolder { get; init; }
}
