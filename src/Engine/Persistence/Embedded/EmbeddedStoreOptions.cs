namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>Settings of the embedded DSQL emulator (configuration section "Persistence:Embedded").</summary>
public sealed class EmbeddedStoreOptions
{
    public const string SectionName = "Persistence:Embedded";

    /// <summary>The longest commit latency accepted: beyond it a misconfiguration is more likely than an experiment.</summary>
    public static readonly TimeSpan MaxCommitLatency = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long each writing commit takes, to ask "what if every commit took 8 ms, as on DSQL".
    /// Read at every commit, so a changed value applies to the next commit. Zero: no delay.
    /// </summary>
    public TimeSpan CommitLatency { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The fraction (0-1) of writing commits refused with an injected 40001 OC000, nothing applied: a
    /// conflict storm, to see retries, backoff and their exhaustion under load. Read at every commit.
    /// </summary>
    public double ConflictRate { get; set; }

    /// <summary>
    /// The fraction (0-1) of writing commits that apply but whose caller hears the outcome is
    /// unknown, as when a connection breaks during COMMIT. Read at every commit.
    /// </summary>
    public double LostCommitAnswerRate { get; set; }

    /// <summary>Every problem with these values, all at once (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CommitLatency < TimeSpan.Zero || CommitLatency > MaxCommitLatency)
        {
            errors.Add($"CommitLatency must be between 0 and {MaxCommitLatency}, not {CommitLatency}.");
        }
        if (ConflictRate is < 0 or > 1 || double.IsNaN(ConflictRate))
        {
            errors.Add($"ConflictRate must be between 0 and 1, not {ConflictRate}.");
        }
        if (LostCommitAnswerRate is < 0 or > 1 || double.IsNaN(LostCommitAnswerRate))
        {
            errors.Add($"LostCommitAnswerRate must be between 0 and 1, not {LostCommitAnswerRate}.");
        }
        return errors;
    }
}
