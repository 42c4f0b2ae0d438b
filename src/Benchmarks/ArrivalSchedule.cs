namespace Fencepost.Benchmarks;

/// <summary>
/// Open-loop arrivals: when the k-th workflow start is due, as a pure function of k, so a slow
/// system is offered the same load as a fast one (a closed loop would hide saturation by slowing
/// down with it). The rate ramps linearly from 0 to <see cref="RatePerSecond"/> over
/// <see cref="RampUp"/>, then stays there.
/// </summary>
public sealed class ArrivalSchedule
{
    // Guards floor() against rounding when a due time is fed back in: DueBy(DueAt(k)) must count k.
    private const double Epsilon = 1e-9;

    public ArrivalSchedule(double ratePerSecond, TimeSpan rampUp)
    {
        if (!(ratePerSecond > 0) || double.IsInfinity(ratePerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "The target rate must be a positive, finite number of starts per second.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(rampUp, TimeSpan.Zero);
        RatePerSecond = ratePerSecond;
        RampUp = rampUp;
    }

    public double RatePerSecond { get; }

    public TimeSpan RampUp { get; }

    /// <summary>Starts expected by the end of the ramp: the area under the rising rate.</summary>
    private double RampStarts => RatePerSecond * RampUp.TotalSeconds / 2;

    /// <summary>The offered rate at <paramref name="elapsed"/> since the run began.</summary>
    public double RateAt(TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero)
        {
            return RampUp == TimeSpan.Zero ? RatePerSecond : 0;
        }
        return elapsed >= RampUp ? RatePerSecond : RatePerSecond * elapsed.TotalSeconds / RampUp.TotalSeconds;
    }

    /// <summary>When the start with zero-based <paramref name="index"/> is due, from the beginning of the run.</summary>
    public TimeSpan DueAt(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        double seconds;
        if (index < RampStarts)
        {
            // Inside the ramp the cumulative count is R t^2 / (2 T); solve for t.
            seconds = Math.Sqrt(2 * RampUp.TotalSeconds * index / RatePerSecond);
        }
        else
        {
            seconds = RampUp.TotalSeconds + ((index - RampStarts) / RatePerSecond);
        }
        // Rounded up to the next tick so a start is never due before its exact time.
        return TimeSpan.FromTicks((long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond));
    }

    /// <summary>How many starts are due at or before <paramref name="elapsed"/> (the first is due at zero).</summary>
    public long DueBy(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            return 0;
        }
        var t = elapsed.TotalSeconds;
        var ramp = RampUp.TotalSeconds;
        var cumulative = t < ramp
            ? RatePerSecond * t * t / (2 * ramp)
            : RampStarts + (RatePerSecond * (t - ramp));
        return (long)Math.Floor(cumulative + Epsilon) + 1;
    }

    /// <summary>Starts a run of <paramref name="duration"/> offers: those due strictly before its end.</summary>
    public long TotalStarts(TimeSpan duration) => duration <= TimeSpan.Zero ? 0 : DueBy(duration - TimeSpan.FromTicks(1));
}
