namespace Fencepost.Diagnostics.Health;

/// <summary>Why a verdict is what it is: the signal, its value, the threshold it crossed and a sentence for the operator.</summary>
public sealed record HealthReason(string Signal, double Value, double Threshold, string Message);
