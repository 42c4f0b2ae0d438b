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

    /// <summary>Every problem with these values, all at once (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CommitLatency < TimeSpan.Zero || CommitLatency > MaxCommitLatency)
        {
            errors.Add($"CommitLatency must be between 0 and {MaxCommitLatency}, not {CommitLatency}.");
        }
        return errors;
    }
}
