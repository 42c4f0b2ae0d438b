using Fencepost.Benchmarks.Runs;

namespace Fencepost.ConsoleWeb.Benchmarks;

/// <summary>The Benchmarks page's live reading: the current or last console-started run, or null when none ran since start.</summary>
public sealed record BenchmarkStatus(BenchmarkProgress? Run);
