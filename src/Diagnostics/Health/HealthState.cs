namespace Fencepost.Diagnostics.Health;

/// <summary>The cluster's forward-progress verdict, worst last.</summary>
public enum HealthState
{
    /// <summary>Nothing pending and nothing happening.</summary>
    Idle,

    /// <summary>Work completes and no amplifier is over its threshold.</summary>
    Progressing,

    /// <summary>Work completes, but conflicts, latency, backlog or churn are over their thresholds.</summary>
    Stressed,

    /// <summary>Work is pending and nothing completes or transitions.</summary>
    Stalled,
}
