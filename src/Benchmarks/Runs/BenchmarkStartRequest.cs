using Fencepost.Benchmarks.Driver;

namespace Fencepost.Benchmarks.Runs;

/// <summary>
/// What an operator asks for on the Benchmarks page. The store is always this process's; the run is
/// open loop at <see cref="Rate"/> starts per second, measured for <see cref="DurationSeconds"/> after
/// a warm-up that is left out of the report.
/// </summary>
public sealed record BenchmarkStartRequest
{
    public const double MaxRate = 2_000;
    public const int MaxDurationSeconds = 3_600;

    public string Scenario { get; init; } = "simple";

    public double Rate { get; init; } = 20;

    public int DurationSeconds { get; init; } = 30;

    public int WarmupSeconds { get; init; } = 5;

    /// <summary>The store's commit-rate calibration before the load; 0 skips it.</summary>
    public int CalibrationSeconds { get; init; } = 3;

    /// <summary>Starts ask for eager workflow start (see <see cref="LoadDriverOptions.EagerStart"/>).</summary>
    public bool EagerStart { get; init; }

    /// <summary>Every problem, keyed by the field it concerns (empty when the request can run).</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!BenchmarkScenarios.Names.Contains(Scenario))
        {
            errors[nameof(Scenario)] = $"Choose one of: {string.Join(", ", BenchmarkScenarios.Names)}.";
        }
        if (!(Rate > 0) || Rate > MaxRate)
        {
            errors[nameof(Rate)] = $"The rate must be more than 0 and at most {MaxRate:0} workflows per second.";
        }
        if (DurationSeconds is < 1 or > MaxDurationSeconds)
        {
            errors[nameof(DurationSeconds)] = $"The measured duration must be between 1 and {MaxDurationSeconds} seconds.";
        }
        if (WarmupSeconds is < 0 or > 600)
        {
            errors[nameof(WarmupSeconds)] = "The warm-up must be between 0 and 600 seconds.";
        }
        if (CalibrationSeconds is < 0 or > 60)
        {
            errors[nameof(CalibrationSeconds)] = "The calibration must be between 0 (skip) and 60 seconds.";
        }
        return errors;
    }

    /// <summary>The driver's options; call <see cref="Validate"/> first.</summary>
    public LoadDriverOptions ToOptions()
    {
        var warmup = TimeSpan.FromSeconds(WarmupSeconds);
        return new LoadDriverOptions
        {
            Mode = LoadMode.OpenLoop,
            Rate = Rate,
            Duration = TimeSpan.FromSeconds(DurationSeconds),
            Warmup = warmup,
            // The ramp fits inside the warm-up, so the measured window runs at the full rate.
            RampUp = warmup < TimeSpan.FromSeconds(5) ? warmup : TimeSpan.FromSeconds(5),
            DrainTimeout = TimeSpan.FromSeconds(30),
            CalibrationDuration = TimeSpan.FromSeconds(CalibrationSeconds),
            EagerStart = EagerStart,
        };
    }
}
