namespace Fencepost.Diagnostics.Metrics;

/// <summary>Which meters the collector listens to and how many tag combinations one instrument may hold.</summary>
public sealed record MetricsCollectorOptions
{
    /// <summary>Meters whose name starts with this are collected.</summary>
    public string MeterNamePrefix { get; init; } = DiagnosticsAssembly.Prefix;

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
