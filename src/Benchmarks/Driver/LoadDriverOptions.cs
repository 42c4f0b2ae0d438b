namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// One run's shape. The run lasts <see cref="Warmup"/> + <see cref="Duration"/>; only workflows whose
/// intended start falls in the <see cref="Duration"/> window are counted. Afterwards the driver waits
/// at most <see cref="DrainTimeout"/> for the stragglers, then reports the rest as lost.
/// </summary>
public sealed record LoadDriverOptions
{
    public LoadMode Mode { get; init; } = LoadMode.OpenLoop;

    /// <summary>Target starts per second (open loop).</summary>
    public double Rate { get; init; } = 10;

    /// <summary>Workflows in flight (closed loop); for the open loop, the store calibration's concurrency.</summary>
    public int Concurrency { get; init; } = 16;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Excluded from the results; the rate ramps up during it (open loop).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Linear ramp from 0 to <see cref="Rate"/>; at most <see cref="Warmup"/> so the measured window runs at the full rate.</summary>
    public TimeSpan RampUp { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts ask for Temporal's eager workflow start: the server starts the first workflow task in
    /// the start's own write and hands it back in the response to the worker sharing the driver's
    /// connection, skipping matching. Off by default, so runs compare with the published ones (docs/benchmarks.md).
    /// </summary>
    public bool EagerStart { get; init; }

    /// <summary>How long the store calibration runs before the load; zero skips it.</summary>
    public TimeSpan CalibrationDuration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Every invalid setting, in one list (empty when the options are usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Mode == LoadMode.OpenLoop && (!(Rate > 0) || double.IsInfinity(Rate) || Rate > 100_000))
        {
            errors.Add($"The rate must be a number of workflows per second between 0 (exclusive) and 100000, not {Rate}.");
        }
        if (Concurrency is < 1 or > 10_000)
        {
            errors.Add($"The concurrency must be between 1 and 10000, not {Concurrency}.");
        }
        if (Duration < TimeSpan.FromSeconds(1) || Duration > TimeSpan.FromHours(24))
        {
            errors.Add($"The duration must be between 1 s and 24 h, not {Duration.TotalSeconds} s.");
        }
        if (Warmup < TimeSpan.Zero || Warmup > TimeSpan.FromHours(1))
        {
            errors.Add($"The warm-up must be between 0 and 1 h, not {Warmup.TotalSeconds} s.");
        }
        if (RampUp < TimeSpan.Zero || RampUp > Warmup)
        {
            errors.Add($"The ramp-up must be between 0 and the warm-up ({Warmup.TotalSeconds} s), not {RampUp.TotalSeconds} s.");
        }
        if (DrainTimeout < TimeSpan.Zero || DrainTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"The drain timeout must be between 0 and 1 h, not {DrainTimeout.TotalSeconds} s.");
        }
        if (CalibrationDuration < TimeSpan.Zero || CalibrationDuration > TimeSpan.FromMinutes(5))
        {
            errors.Add($"The calibration must last between 0 and 5 min, not {CalibrationDuration.TotalSeconds} s.");
        }
        return errors;
    }
}
