using System.Globalization;

namespace Fencepost.Diagnostics.Health;

/// <summary>
/// Turns forward-progress signals into a verdict, deterministically and with reasons an operator can
/// check: the signal, its value and the threshold. Progress (completions, state transitions) decides
/// between Idle, Stalled and the rest; amplifiers (backlog age, persistence p99, conflicts per
/// transition, exhausted retries, pool waits, shard churn) decide Stressed, with thresholds taken from
/// the load band the cluster is in.
/// </summary>
/// <remarks>
/// Pending work is "open workflows or a backlog", as the console defines it. A cluster whose open
/// workflows all sleep on long timers shows as Stalled over a window shorter than the timers; choose the
/// window accordingly.
/// </remarks>
public sealed class HealthEvaluator
{
    private readonly IReadOnlyList<LoadBand> _bands;

    public HealthEvaluator(HealthEvaluatorOptions? options = null)
    {
        options ??= new HealthEvaluatorOptions();
        options.Validate();
        _bands = [.. options.Bands.OrderBy(b => b.MinWorkflowsPerSecond)];
    }

    public HealthVerdict Evaluate(HealthSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        Validate(signals);
        var load = Math.Max(signals.StartsPerSecond, signals.CompletionsPerSecond);
        var band = _bands.Last(b => b.MinWorkflowsPerSecond <= load);
        var amplifiers = Amplifiers(signals, band);

        var pending = signals.OpenWorkflows > 0 || signals.OldestBacklogAge > TimeSpan.Zero;
        var progressing = signals.CompletionsPerSecond > 0 || signals.StateTransitionsPerSecond > 0;
        if (!progressing && pending)
        {
            return new HealthVerdict(HealthState.Stalled, band, [.. NoProgress(signals), .. amplifiers]);
        }
        if (!progressing)
        {
            return new HealthVerdict(HealthState.Idle, band, amplifiers);
        }
        return new HealthVerdict(amplifiers.Count > 0 ? HealthState.Stressed : HealthState.Progressing, band, amplifiers);
    }

    private static List<HealthReason> NoProgress(HealthSignals s)
    {
        var work = s.OpenWorkflows > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{s.OpenWorkflows} workflows are open")
            : string.Create(CultureInfo.InvariantCulture, $"the oldest queued task is {s.OldestBacklogAge!.Value.TotalSeconds:0.#} s old");
        var window = string.Create(CultureInfo.InvariantCulture, $"{s.Window.TotalSeconds:0} s");
        return
        [
            new HealthReason("completions_per_s", 0, 0, $"No workflow completed in the last {window} while {work}."),
            new HealthReason("state_transitions_per_s", 0, 0, $"No state transition was persisted in the last {window}."),
        ];
    }

    private static List<HealthReason> Amplifiers(HealthSignals s, LoadBand band)
    {
        var reasons = new List<HealthReason>();
        void Over(string signal, double value, double threshold, string what, string unit)
        {
            if (value > threshold)
            {
                reasons.Add(new HealthReason(
                    signal,
                    value,
                    threshold,
                    string.Create(CultureInfo.InvariantCulture, $"{what} is {value:0.###}{unit}, over the {band.Name}-load threshold of {threshold:0.###}{unit}.")));
            }
        }

        if (s.OldestBacklogAge is { } age)
        {
            Over("oldest_backlog_age_s", age.TotalSeconds, band.MaxBacklogAge.TotalSeconds, "The oldest backlog task's age", " s");
        }
        if (s.PersistenceP99 is { } p99)
        {
            Over("persistence_p99_ms", p99.TotalMilliseconds, band.MaxPersistenceP99.TotalMilliseconds, "Persistence p99", " ms");
        }
        if (s.StateTransitionsPerSecond > 0)
        {
            Over("conflicts_per_transition", s.ConflictsPerSecond / s.StateTransitionsPerSecond, band.MaxConflictsPerTransition, "Conflicts per state transition", string.Empty);
        }
        else if (s.ConflictsPerSecond > 0)
        {
            // Every attempt conflicted and none committed: no ratio exists, so report the bare rate.
            reasons.Add(new HealthReason(
                "conflicts_per_s",
                s.ConflictsPerSecond,
                0,
                string.Create(CultureInfo.InvariantCulture, $"{s.ConflictsPerSecond:0.###} conflicts/s while no state transition committed.")));
        }
        Over("retries_exhausted", s.RetriesExhausted, band.MaxRetriesExhausted, "Transactions that exhausted their retries", string.Empty);
        Over("pool_waits_per_s", s.PoolWaitsPerSecond, band.MaxPoolWaitsPerSecond, "Connection pool waits", "/s");
        Over("shard_ownership_changes", s.ShardOwnershipChanges, band.MaxShardOwnershipChanges, "Shard ownership changes", string.Empty);
        return reasons;
    }

    private static void Validate(HealthSignals s)
    {
        if (s.Window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(s), "The signal window must be positive.");
        }
        double[] rates = [s.CompletionsPerSecond, s.StateTransitionsPerSecond, s.StartsPerSecond, s.ConflictsPerSecond, s.PoolWaitsPerSecond];
        if (rates.Any(r => r < 0 || double.IsNaN(r)) || s.RetriesExhausted < 0 || s.ShardOwnershipChanges < 0 || s.OpenWorkflows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(s), "Signals are rates and counts and must not be negative.");
        }
    }
}
