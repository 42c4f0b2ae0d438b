using Fencepost.Benchmarks.Driver;

namespace Fencepost.Benchmarks.Cli;

/// <summary>The parsed <c>bench</c> command line.</summary>
public sealed record BenchArguments
{
    public required string Scenario { get; init; }

    public required LoadDriverOptions Load { get; init; }

    /// <summary>host:port of a running Temporal frontend to load instead of an in-process engine; null hosts one.</summary>
    public string? Target { get; init; }

    /// <summary>The namespace the workflows run in.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>"embedded" or "postgres" (the in-process engine's store).</summary>
    public string Store { get; init; } = "embedded";

    public string? Connection { get; init; }

    public int ShardCount { get; init; } = 4;

    public int FanoutWidth { get; init; } = 10;

    public TimeSpan TimerDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public string? JsonPath { get; init; }

    public string? CsvPath { get; init; }

    /// <summary>The namespace's retention in the in-process engine (null: the namespace's own); closed runs are deleted once it passes.</summary>
    public TimeSpan? Retention { get; init; }

    /// <summary>Where finished runs are kept; null for the default (~/.fencepost/benchmarks).</summary>
    public string? RunsFolder { get; init; }
}
