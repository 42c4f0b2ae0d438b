using System.Globalization;

namespace Fencepost.Benchmarks.Runs;

/// <summary>One figure of a run's report: how to read it, show it, and which way is better (null: neither).</summary>
public sealed record BenchmarkMetric(string Name, Func<StoredBenchmarkRun, double?> Value, string Format, string Unit, bool? HigherIsBetter)
{
    public string Show(StoredBenchmarkRun run) => Show(Value(run));

    public string Show(double? value) =>
        value is { } v ? v.ToString(Format, CultureInfo.InvariantCulture) + Unit : BenchmarkFigures.Missing;
}
