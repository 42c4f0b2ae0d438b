using Fencepost.Engine.History.Cron;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// Temporal's rules for the run that follows a closing one (its server's workflow retry.go): a
/// failed or run-timed-out run is retried under the workflow's retry policy (attempt + 1, first
/// workflow task delayed by initial x coefficient^(attempt-1) capped at the maximum interval),
/// never past the execution expiration; an expired execution is never retried. Without a retry
/// (none configured, or exhausted) a cron workflow's next run follows at the schedule's next fire
/// after this run's scheduled time, skipping fires missed while it ran.
/// </summary>
internal static class RunChaining
{
    /// <summary>How a retry policy's non-retryable error types name a timeout ("TemporalTimeout:StartToClose").</summary>
    public const string TimeoutFailureTypePrefix = "TemporalTimeout:";

    public static RunChainDecision AfterCompletion(MutableState state, string cronSchedule, DateTimeOffset now) =>
        Cron(state, cronSchedule, now, RetryState.Unspecified) ?? RunChainDecision.None(RetryState.Unspecified);

    public static RunChainDecision AfterFailure(MutableState state, RetryPolicy? policy, Failure? failure, DateTimeOffset now, string cronSchedule = "")
    {
        var retry = Retry(state, policy, failure, now);
        return retry.StartsNextRun ? retry : Cron(state, cronSchedule, now, retry.RetryState) ?? retry;
    }

    /// <summary>A run timeout is retried like a start-to-close timeout; the execution's own expiry is final.</summary>
    public static RunChainDecision AfterTimeout(MutableState state, RetryPolicy? policy, DateTimeOffset now, string cronSchedule = "")
    {
        if (state.ExecutionExpiration is { } expiry && expiry <= now)
        {
            return RunChainDecision.None(RetryState.Timeout);
        }
        var retry = Retry(state, policy, RunTimeoutFailure(), now);
        return retry.StartsNextRun ? retry : Cron(state, cronSchedule, now, retry.RetryState) ?? retry;
    }

    /// <summary>The next cron run, or null without a schedule or when its next fire is past the execution expiration.</summary>
    private static RunChainDecision? Cron(MutableState state, string cronSchedule, DateTimeOffset now, RetryState retryState)
    {
        if (string.IsNullOrEmpty(cronSchedule) || CronSchedule.TryParse(cronSchedule, out var schedule) is not null)
        {
            return null;
        }
        if (schedule!.DelayAfter(state.ExecutionTime, now) is not { } delay
            || (state.ExecutionExpiration is { } expiry && now + delay > expiry))
        {
            return null;
        }
        return new RunChainDecision(ContinueAsNewInitiator.CronSchedule, delay, retryState);
    }

    public static Failure RunTimeoutFailure() => new()
    {
        Message = "workflow timeout",
        Source = "Server",
        TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = TimeoutType.StartToClose },
    };

    private static RunChainDecision Retry(MutableState state, RetryPolicy? policy, Failure? failure, DateTimeOffset now)
    {
        if (policy is null)
        {
            return RunChainDecision.None(RetryState.RetryPolicyNotSet);
        }
        var filled = RetryPolicyEvaluator.WithDefaults(policy);
        if (!IsRetryable(failure, filled))
        {
            return RunChainDecision.None(RetryState.NonRetryableFailure);
        }
        if (filled.MaximumAttempts > 0 && state.Attempt >= filled.MaximumAttempts)
        {
            return RunChainDecision.None(RetryState.MaximumAttemptsReached);
        }
        var backoff = failure?.ApplicationFailureInfo?.NextRetryDelay is { } explicitDelay && explicitDelay.ToTimeSpan() > TimeSpan.Zero
            ? explicitDelay.ToTimeSpan()
            : RetryPolicyEvaluator.Backoff(filled, state.Attempt);
        if (state.ExecutionExpiration is { } expiry && now + backoff > expiry)
        {
            return RunChainDecision.None(RetryState.Timeout);
        }
        return new RunChainDecision(ContinueAsNewInitiator.Retry, backoff, RetryState.InProgress);
    }

    /// <summary>Terminations and cancellations never retry; timeouts only for start-to-close and heartbeat.</summary>
    private static bool IsRetryable(Failure? failure, RetryPolicy policy)
    {
        if (failure is null)
        {
            return true;
        }
        if (failure.TerminatedFailureInfo is not null || failure.CanceledFailureInfo is not null)
        {
            return false;
        }
        if (failure.TimeoutFailureInfo is { } timeout)
        {
            return timeout.TimeoutType is TimeoutType.StartToClose or TimeoutType.Heartbeat
                && !policy.NonRetryableErrorTypes.Contains(TimeoutFailureTypePrefix + timeout.TimeoutType);
        }
        if (failure.ServerFailureInfo is { } server)
        {
            return !server.NonRetryable;
        }
        if (failure.ApplicationFailureInfo is { } application)
        {
            return !application.NonRetryable && !policy.NonRetryableErrorTypes.Contains(application.Type);
        }
        return true;
    }
}
