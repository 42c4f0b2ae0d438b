namespace Fencepost.Diagnostics.Metrics;

/// <summary>Which meters the collector listens to and how many tag combinations one instrument may hold.</summary>
public sealed record MetricsCollectorOptions
{
    /// <summary>Meters whose name starts with this are collected.</summary>
    public string MeterNamePrefix { get; init; } = DiagnosticsAssembly.Prefix;

    /// <summary>Meters collected by their exact name as well, whatever their prefix.</summary>
    public IReadOnlyList<string> AdditionalMeterNames { get; init; } = [];

    /// <summary>
    /// What the product exports: its own meters plus the runtime's (<c>System.Runtime</c>: GC
    /// collections and pause time, heap, thread pool, lock contention), because a GC pause stops
    /// every workflow in flight on the node and is otherwise invisible next to the engine's stages.
    /// </summary>
    public static MetricsCollectorOptions Product { get; } = new() { AdditionalMeterNames = [RuntimeMeterName] };

    /// <summary>The .NET runtime's built-in meter.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// Distinct tag sets per instrument; beyond it measurements fold into one set tagged
    /// <c>otel.metric.overflow=true</c> (the OpenTelemetry convention), so a tag with unbounded values
    /// (a workflow id by mistake) cannot exhaust memory.
    /// </summary>
    public int MaxTagSetsPerInstrument { get; init; } = 1_000;

    /// <summary>Throws one exception listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(MeterNamePrefix))
        {
            errors.Add($"{nameof(MeterNamePrefix)} must not be empty.");
        }
        if (MaxTagSetsPerInstrument < 1)
        {
            errors.Add($"{nameof(MaxTagSetsPerInstrument)} must be at least 1 (was {MaxTagSetsPerInstrument}).");
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
