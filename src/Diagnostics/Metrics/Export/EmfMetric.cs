namespace Fencepost.Diagnostics.Metrics.Export;

/// <summary>One value for an EMF line; <see cref="Unit"/> is a CloudWatch unit name ("Milliseconds", "Count/Second"...).</summary>
public sealed record EmfMetric(string Name, double Value, string Unit = "None");
