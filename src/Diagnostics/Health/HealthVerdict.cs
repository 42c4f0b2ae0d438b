namespace Fencepost.Diagnostics.Health;

/// <summary>A health state, the load band whose thresholds were applied, and every reason behind it.</summary>
public sealed record HealthVerdict(HealthState State, LoadBand Band, IReadOnlyList<HealthReason> Reasons);
