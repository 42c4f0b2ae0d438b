namespace Fencepost.Diagnostics.Conflicts;

/// <summary>Bounds of the conflict log: how far back it remembers and how many distinct keys one second may hold.</summary>
public sealed record ConflictLogOptions
{
    /// <summary>How long per-second buckets are kept; queries cannot look further back.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Distinct (store, table, shard, key, operation) cells one second may hold. A conflict storm over
    /// many keys folds the excess into one "(other)" key per table so memory stays bounded.
    /// </summary>
    public int MaxKeysPerSecond { get; init; } = 1_000;

    /// <summary>Throws one exception listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Retention < TimeSpan.FromSeconds(1) || Retention > TimeSpan.FromDays(1))
        {
            errors.Add($"{nameof(Retention)} must be between 1 s and 1 day (was {Retention}).");
        }
        if (MaxKeysPerSecond < 1)
        {
            errors.Add($"{nameof(MaxKeysPerSecond)} must be at least 1 (was {MaxKeysPerSecond}).");
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}
