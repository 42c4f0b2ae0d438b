using Fencepost.Diagnostics.Health;

namespace Fencepost.Diagnostics.Tests.Health;

public class HealthEvaluatorTests
{
    private static readonly HealthSignals Healthy = new()
    {
        CompletionsPerSecond = 2,
        StartsPerSecond = 2,
        StateTransitionsPerSecond = 20,
        OpenWorkflows = 10,
        PersistenceP99 = TimeSpan.FromMilliseconds(10),
        OldestBacklogAge = TimeSpan.FromMilliseconds(200),
    };

    private readonly HealthEvaluator _evaluator = new();

    [Fact]
    public void Evaluate_NothingPendingNothingHappening_Idle()
    {
        var verdict = _evaluator.Evaluate(new HealthSignals());

        Assert.Equal(HealthState.Idle, verdict.State);
        Assert.Empty(verdict.Reasons);
    }

    [Fact]
    public void Evaluate_ProgressWithinThresholds_ProgressingWithoutReasons()
    {
        var verdict = _evaluator.Evaluate(Healthy);

        Assert.Equal(HealthState.Progressing, verdict.State);
        Assert.Equal("small", verdict.Band.Name);
        Assert.Empty(verdict.Reasons);
    }

    [Fact]
    public void Evaluate_OpenWorkflowsButNoProgress_StalledNamingTheSignals()
    {
        var verdict = _evaluator.Evaluate(new HealthSignals { OpenWorkflows = 12, Window = TimeSpan.FromMinutes(1) });

        Assert.Equal(HealthState.Stalled, verdict.State);
        Assert.Equal(["completions_per_s", "state_transitions_per_s"], verdict.Reasons.Select(r => r.Signal));
        Assert.Contains("12 workflows are open", verdict.Reasons[0].Message, StringComparison.Ordinal);
        Assert.Contains("60 s", verdict.Reasons[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BacklogButNoProgress_StalledWithAmplifiersExplainingWhy()
    {
        var verdict = _evaluator.Evaluate(new HealthSignals
        {
            OldestBacklogAge = TimeSpan.FromSeconds(42),
            ConflictsPerSecond = 30,
            RetriesExhausted = 7,
        });

        Assert.Equal(HealthState.Stalled, verdict.State);
        Assert.Contains("42 s old", verdict.Reasons[0].Message, StringComparison.Ordinal);
        Assert.Contains(verdict.Reasons, r => r.Signal == "oldest_backlog_age_s" && r.Value == 42 && r.Threshold == 5);
        Assert.Contains(verdict.Reasons, r => r.Signal == "conflicts_per_s" && r.Value == 30);
        Assert.Contains(verdict.Reasons, r => r.Signal == "retries_exhausted" && r.Value == 7 && r.Threshold == 0);
    }

    [Fact]
    public void Evaluate_TransitionsWithoutCompletions_StillProgressing()
    {
        var verdict = _evaluator.Evaluate(Healthy with { CompletionsPerSecond = 0 });

        Assert.Equal(HealthState.Progressing, verdict.State);
    }

    [Theory]
    [InlineData("oldest_backlog_age_s", 6.0, 5.0)]
    [InlineData("persistence_p99_ms", 80.0, 50.0)]
    [InlineData("conflicts_per_transition", 0.1, 0.05)]
    [InlineData("retries_exhausted", 1.0, 0.0)]
    [InlineData("pool_waits_per_s", 3.0, 1.0)]
    [InlineData("shard_ownership_changes", 9.0, 4.0)]
    public void Evaluate_AmplifierOverThreshold_StressedWithSignalValueAndThreshold(string signal, double value, double threshold)
    {
        var signals = signal switch
        {
            "oldest_backlog_age_s" => Healthy with { OldestBacklogAge = TimeSpan.FromSeconds(value) },
            "persistence_p99_ms" => Healthy with { PersistenceP99 = TimeSpan.FromMilliseconds(value) },
            "conflicts_per_transition" => Healthy with { ConflictsPerSecond = value * Healthy.StateTransitionsPerSecond },
            "retries_exhausted" => Healthy with { RetriesExhausted = (long)value },
            "pool_waits_per_s" => Healthy with { PoolWaitsPerSecond = value },
            _ => Healthy with { ShardOwnershipChanges = (long)value },
        };

        var verdict = _evaluator.Evaluate(signals);

        Assert.Equal(HealthState.Stressed, verdict.State);
        var reason = Assert.Single(verdict.Reasons);
        Assert.Equal(signal, reason.Signal);
        Assert.Equal(value, reason.Value, 9);
        Assert.Equal(threshold, reason.Threshold, 9);
        Assert.Contains("small-load threshold", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SameLatencyAtDifferentLoads_ThresholdScalesWithBand()
    {
        var slowCommits = Healthy with { PersistenceP99 = TimeSpan.FromMilliseconds(120) };
        var quiet = _evaluator.Evaluate(slowCommits with { StartsPerSecond = 2, CompletionsPerSecond = 2 });
        var busy = _evaluator.Evaluate(slowCommits with { StartsPerSecond = 500, CompletionsPerSecond = 480, StateTransitionsPerSecond = 5000 });

        Assert.Equal(HealthState.Stressed, quiet.State);
        Assert.Equal("small", quiet.Band.Name);
        Assert.Equal(HealthState.Progressing, busy.State);
        Assert.Equal("xlarge", busy.Band.Name);
    }

    [Fact]
    public void Evaluate_CustomBands_UsesTheirThresholds()
    {
        var evaluator = new HealthEvaluator(new HealthEvaluatorOptions
        {
            Bands = [new LoadBand("only", 0, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(5), 0.5, 100, 100, 100)],
        });

        var verdict = evaluator.Evaluate(Healthy);

        Assert.Equal(HealthState.Stressed, verdict.State);
        Assert.Equal("persistence_p99_ms", Assert.Single(verdict.Reasons).Signal);
    }

    [Fact]
    public void Constructor_InvalidBands_ListsEveryError()
    {
        var error = Assert.Throws<ArgumentException>(() => new HealthEvaluator(new HealthEvaluatorOptions
        {
            Bands = [new LoadBand("bad", 5, TimeSpan.Zero, TimeSpan.FromMilliseconds(5), -1, 0, 0, 0)],
        }));

        Assert.Contains("start at 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("must not be negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NegativeSignal_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _evaluator.Evaluate(Healthy with { OpenWorkflows = -1 }));
}
