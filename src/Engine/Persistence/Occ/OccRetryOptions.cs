namespace Fencepost.Engine.Persistence.Occ;

/// <summary>
/// Whole-transaction retry on OCC conflicts. Defaults are the DSQL plugin's: 5 retries,
/// 100 ms base doubling per retry, capped at 5 s, +-25 % jitter. Separately, an operation that
/// could not reach the store (and so changed nothing) is retried for up to
/// <see cref="UnavailableRetryWindow"/>.
/// </summary>
public sealed record OccRetryOptions
{
    public int MaxRetries { get; init; } = 5;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);
    public double JitterFraction { get; init; } = 0.25;

    /// <summary>
    /// How long an operation keeps retrying while the store cannot be reached (a refused or broken
    /// connection before COMMIT, a server shutting down or starting, a pool that is out of
    /// connections): requests are held through a short restart instead of failing, but never past
    /// their caller's deadline (the operation's cancellation token). Zero fails at once. 30 s covers
    /// a database restart: an SDK does not retry a call that was held longer than its own retry
    /// budget (about 10 s), so a shorter window turns a 15 s restart into failed starts.
    /// </summary>
    public TimeSpan UnavailableRetryWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest pause between two attempts while the store is unreachable.</summary>
    public TimeSpan UnavailableMaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with these values, all at once (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxRetries is < 0 or > 100) errors.Add($"MaxRetries must be 0-100, not {MaxRetries}.");
        if (BaseDelay < TimeSpan.Zero) errors.Add($"BaseDelay must not be negative, not {BaseDelay}.");
        if (MaxDelay < BaseDelay) errors.Add($"MaxDelay ({MaxDelay}) must be at least BaseDelay ({BaseDelay}).");
        if (JitterFraction is < 0 or > 1) errors.Add($"JitterFraction must be 0-1, not {JitterFraction}.");
        if (UnavailableRetryWindow < TimeSpan.Zero || UnavailableRetryWindow > TimeSpan.FromMinutes(5)) errors.Add($"UnavailableRetryWindow must be 0-5 minutes, not {UnavailableRetryWindow}.");
        if (UnavailableMaxDelay <= TimeSpan.Zero) errors.Add($"UnavailableMaxDelay must be positive, not {UnavailableMaxDelay}.");
        return errors;
    }

    /// <summary>The backoff before retry number <paramref name="retry"/> (1-based), jittered by <paramref name="unitRandom"/> in [0,1).</summary>
    public TimeSpan BackoffFor(int retry, double unitRandom)
    {
        var exponent = Math.Min(retry - 1, 30);
        var raw = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
        var jitter = 1 + JitterFraction * (2 * unitRandom - 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, raw * jitter));
    }

    /// <summary>The pause before attempt <paramref name="retry"/> + 1 while the store is unreachable: BaseDelay doubling, capped at UnavailableMaxDelay, jittered.</summary>
    public TimeSpan UnavailableBackoff(int retry, double unitRandom)
    {
        var exponent = Math.Min(retry - 1, 30);
        var raw = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), UnavailableMaxDelay.TotalMilliseconds);
        var jitter = 1 + JitterFraction * (2 * unitRandom - 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, raw * jitter));
    }
}
