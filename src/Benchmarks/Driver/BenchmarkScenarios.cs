using Fencepost.Benchmarks.Driver.Scenarios;

namespace Fencepost.Benchmarks.Driver;

/// <summary>The scenarios the driver knows, by the name used on the command line.</summary>
public static class BenchmarkScenarios
{
    public static IReadOnlyList<string> Names { get; } = ["simple", "timer", "signal", "child", "fanout"];

    /// <summary>The scenario called <paramref name="name"/> with the given parameters; null for an unknown name.</summary>
    public static IBenchmarkScenario? Create(string name, int fanoutWidth = FanoutScenario.DefaultWidth, TimeSpan? timerDelay = null) => name switch
    {
        "simple" => new SimpleScenario(),
        "timer" => new TimerScenario(timerDelay ?? TimerScenario.DefaultDelay),
        "signal" => new SignalScenario(),
        "child" => new ChildScenario(),
        "fanout" => new FanoutScenario(fanoutWidth),
        _ => null,
    };
}
