using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace Fencepost.Engine.History;

/// <summary>Temporal's activity retry rules: defaults, backoff, and every reason to stop.</summary>
internal static class RetryPolicyEvaluator
{
    public static readonly TimeSpan DefaultInitialInterval = TimeSpan.FromSeconds(1);
    public const double DefaultBackoffCoefficient = 2.0;
    public const int DefaultMaximumIntervalFactor = 100;

    /// <summary>Fills the defaults a policy leaves unset (what ActivityTaskScheduled records).</summary>
    public static RetryPolicy WithDefaults(RetryPolicy? policy)
    {
        var filled = policy?.Clone() ?? new RetryPolicy();
        if (filled.InitialInterval is null || filled.InitialInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            filled.InitialInterval = Duration.FromTimeSpan(DefaultInitialInterval);
        }
        if (filled.BackoffCoefficient == 0)
        {
            filled.BackoffCoefficient = DefaultBackoffCoefficient;
        }
        if (filled.MaximumInterval is null || filled.MaximumInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            // Capped: 100 x a 100-year initial interval would be 10,000 years, past DateTimeOffset's range from now.
            filled.MaximumInterval = Duration.FromTimeSpan(DurationLimits.Cap(filled.InitialInterval.ToTimeSpan() * DefaultMaximumIntervalFactor));
        }
        return filled;
    }

    /// <summary>Null when valid; else what is wrong, in words a person can act on.</summary>
    public static string? Validate(RetryPolicy? policy)
    {
        if (policy is null)
        {
            return null;
        }
        if (policy.InitialInterval is { } initial && initial.ToTimeSpan() < TimeSpan.Zero)
        {
            return "RetryPolicy.InitialInterval cannot be negative.";
        }
        if (policy.BackoffCoefficient != 0 && policy.BackoffCoefficient < 1)
        {
            return "RetryPolicy.BackoffCoefficient cannot be less than 1.";
        }
        if (!double.IsFinite(policy.BackoffCoefficient))
        {
            return "RetryPolicy.BackoffCoefficient must be a finite number.";
        }
        if (policy.MaximumInterval is { } maximum && maximum.ToTimeSpan() < TimeSpan.Zero)
        {
            return "RetryPolicy.MaximumInterval cannot be negative.";
        }
        if (policy.MaximumInterval is { } max && max.ToTimeSpan() > TimeSpan.Zero && policy.InitialInterval is { } init
            && max.ToTimeSpan() < init.ToTimeSpan())
        {
            return "RetryPolicy.MaximumInterval cannot be less than InitialInterval.";
        }
        if (policy.MaximumAttempts < 0)
        {
            return "RetryPolicy.MaximumAttempts cannot be negative.";
        }
        return null;
    }

    public static RetryDecision Decide(RetryPolicy? policy, int attempt, Failure failure, TimeSpan? nextRetryDelay, DateTimeOffset now, DateTimeOffset? deadline)
    {
        var filled = WithDefaults(policy);
        if (failure.ApplicationFailureInfo is { NonRetryable: true } || failure.ServerFailureInfo is { NonRetryable: true })
        {
            return new RetryDecision(RetryState.NonRetryableFailure, TimeSpan.Zero);
        }
        var errorType = failure.ApplicationFailureInfo?.Type;
        if (errorType is not null && filled.NonRetryableErrorTypes.Contains(errorType))
        {
            return new RetryDecision(RetryState.NonRetryableFailure, TimeSpan.Zero);
        }
        if (filled.MaximumAttempts == 1 || (filled.MaximumAttempts > 0 && attempt >= filled.MaximumAttempts))
        {
            return new RetryDecision(RetryState.MaximumAttemptsReached, TimeSpan.Zero);
        }
        var delay = nextRetryDelay is { } explicitDelay && explicitDelay > TimeSpan.Zero
            ? explicitDelay
            : Backoff(filled, attempt);
        if (deadline is { } due && now + delay >= due)
        {
            return new RetryDecision(RetryState.Timeout, TimeSpan.Zero);
        }
        return new RetryDecision(RetryState.InProgress, delay);
    }

    /// <summary>initial x coefficient^(attempt-1), capped at the maximum interval.</summary>
    public static TimeSpan Backoff(RetryPolicy filled, int attempt)
    {
        var initial = filled.InitialInterval.ToTimeSpan().TotalMilliseconds;
        var milliseconds = initial * Math.Pow(filled.BackoffCoefficient, Math.Max(0, attempt - 1));
        var maximum = filled.MaximumInterval.ToTimeSpan().TotalMilliseconds;
        return DurationLimits.Cap(TimeSpan.FromMilliseconds(Math.Min(milliseconds, maximum)));
    }
}
