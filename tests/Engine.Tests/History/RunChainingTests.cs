using Fencepost.Engine.History;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace Fencepost.Engine.Tests.History;

/// <summary>Temporal's workflow retry rules as pure logic.</summary>
public class RunChainingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

    private static MutableState Run(int attempt, DateTimeOffset? expiration = null) => new() { Attempt = attempt, ExecutionExpiration = expiration };

    private static RetryPolicy Policy(int maximumAttempts = 0, double maximumSeconds = 0, params string[] nonRetryable)
    {
        var policy = new RetryPolicy { InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), BackoffCoefficient = 2, MaximumAttempts = maximumAttempts };
        if (maximumSeconds > 0)
        {
            policy.MaximumInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(maximumSeconds));
        }
        policy.NonRetryableErrorTypes.Add(nonRetryable);
        return policy;
    }

    private static Failure AppFailure(string type, bool nonRetryable = false) =>
        new() { Message = "boom", ApplicationFailureInfo = new ApplicationFailureInfo { Type = type, NonRetryable = nonRetryable } };

    [Fact]
    public void AfterFailure_NoPolicy_NoRetry()
    {
        var decision = RunChaining.AfterFailure(Run(1), null, AppFailure("X"), Now);
        Assert.False(decision.StartsNextRun);
        Assert.Equal(RetryState.RetryPolicyNotSet, decision.RetryState);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 10)]
    public void AfterFailure_Attempt_BackoffIsExponentialCappedAtMaximum(int attempt, int expectedSeconds)
    {
        var decision = RunChaining.AfterFailure(Run(attempt), Policy(maximumSeconds: 10), AppFailure("X"), Now);
        Assert.Equal(ContinueAsNewInitiator.Retry, decision.Initiator);
        Assert.Equal(RetryState.InProgress, decision.RetryState);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), decision.Backoff);
    }

    [Fact]
    public void AfterFailure_NonRetryableTypeOrFlag_NoRetry()
    {
        Assert.Equal(RetryState.NonRetryableFailure, RunChaining.AfterFailure(Run(1), Policy(0, 0, "Fatal"), AppFailure("Fatal"), Now).RetryState);
        Assert.Equal(RetryState.NonRetryableFailure, RunChaining.AfterFailure(Run(1), Policy(), AppFailure("X", nonRetryable: true), Now).RetryState);
    }

    [Fact]
    public void AfterFailure_LastAttempt_MaximumAttemptsReached()
    {
        Assert.True(RunChaining.AfterFailure(Run(2), Policy(maximumAttempts: 3), AppFailure("X"), Now).StartsNextRun);
        Assert.Equal(RetryState.MaximumAttemptsReached, RunChaining.AfterFailure(Run(3), Policy(maximumAttempts: 3), AppFailure("X"), Now).RetryState);
    }

    [Fact]
    public void AfterFailure_BackoffPastExecutionExpiry_Timeout()
    {
        var decision = RunChaining.AfterFailure(Run(3, Now + TimeSpan.FromSeconds(3)), Policy(), AppFailure("X"), Now);
        Assert.False(decision.StartsNextRun);
        Assert.Equal(RetryState.Timeout, decision.RetryState);
    }

    [Fact]
    public void AfterFailure_NextRetryDelayOnFailure_UsedAsBackoff()
    {
        var failure = AppFailure("X");
        failure.ApplicationFailureInfo.NextRetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(7), RunChaining.AfterFailure(Run(1), Policy(), failure, Now).Backoff);
    }

    [Fact]
    public void AfterTimeout_RunTimeoutBeforeExpiry_Retried()
    {
        var decision = RunChaining.AfterTimeout(Run(1, Now + TimeSpan.FromMinutes(1)), Policy(), Now);
        Assert.Equal(ContinueAsNewInitiator.Retry, decision.Initiator);
    }

    [Fact]
    public void AfterTimeout_ExecutionExpired_NeverRetried()
    {
        var decision = RunChaining.AfterTimeout(Run(1, Now), Policy(), Now);
        Assert.False(decision.StartsNextRun);
        Assert.Equal(RetryState.Timeout, decision.RetryState);
    }

    [Fact]
    public void AfterTimeout_StartToCloseTimeoutListedNonRetryable_NoRetry()
    {
        var decision = RunChaining.AfterTimeout(Run(1), Policy(0, 0, "TemporalTimeout:StartToClose"), Now);
        Assert.Equal(RetryState.NonRetryableFailure, decision.RetryState);
    }

    [Fact]
    public void Build_RetryPolicy_StartedEventHasDefaultsAndStateKeepsChainStart()
    {
        var created = NewRunBuilder.Build(new NewRunSpec
        {
            NamespaceId = Guid.NewGuid(),
            Namespace = "default",
            WorkflowId = "wf",
            WorkflowType = "T",
            TaskQueue = "tq",
            RetryPolicy = new RetryPolicy { MaximumAttempts = 3 },
            Attempt = 2,
        }, Now);
        var started = created.Events[0].WorkflowExecutionStartedEventAttributes;
        Assert.Equal(TimeSpan.FromSeconds(1), started.RetryPolicy.InitialInterval.ToTimeSpan());
        Assert.Equal(2, started.Attempt);
        Assert.Equal(2, created.State.Attempt);
        Assert.NotNull(created.State.ChainStart);
    }

    [Fact]
    public void AfterCompletion_Cron_NextRunAtNextFire()
    {
        var run = new MutableState { Attempt = 1, ExecutionTime = Now };
        var decision = RunChaining.AfterCompletion(run, "*/10 * * * *", Now + TimeSpan.FromMinutes(3));
        Assert.Equal(ContinueAsNewInitiator.CronSchedule, decision.Initiator);
        Assert.Equal(TimeSpan.FromMinutes(7), decision.Backoff);
    }

    [Fact]
    public void AfterCompletion_NoCron_NothingFollows()
    {
        Assert.False(RunChaining.AfterCompletion(new MutableState { ExecutionTime = Now }, "", Now).StartsNextRun);
    }

    [Fact]
    public void AfterFailure_RetryLeft_RetryBeforeCron()
    {
        var decision = RunChaining.AfterFailure(Run(1), Policy(maximumAttempts: 3), AppFailure("X"), Now, "@hourly");
        Assert.Equal(ContinueAsNewInitiator.Retry, decision.Initiator);
    }

    [Fact]
    public void AfterFailure_RetriesExhausted_CronRunFollowsWithRetryState()
    {
        var run = new MutableState { Attempt = 3, ExecutionTime = Now };
        var decision = RunChaining.AfterFailure(run, Policy(maximumAttempts: 3), AppFailure("X"), Now, "@hourly");
        Assert.Equal(ContinueAsNewInitiator.CronSchedule, decision.Initiator);
        Assert.Equal(RetryState.MaximumAttemptsReached, decision.RetryState);
        Assert.Equal(TimeSpan.FromHours(1), decision.Backoff);
    }

    [Fact]
    public void AfterCompletion_NextFirePastExecutionExpiry_NothingFollows()
    {
        var run = new MutableState { ExecutionTime = Now, ExecutionExpiration = Now + TimeSpan.FromMinutes(30) };
        Assert.False(RunChaining.AfterCompletion(run, "@hourly", Now).StartsNextRun);
    }

    [Fact]
    public void RunExpiration_DelayedFirstTask_RunTimeoutCountsFromTheDelayedStart()
    {
        Assert.Equal(Now + TimeSpan.FromSeconds(90), NewRunBuilder.RunExpiration(Now, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), null));
    }

    [Fact]
    public void RunExpiration_PastExecutionExpiry_CappedAtExecutionExpiry()
    {
        var expiry = Now + TimeSpan.FromSeconds(45);
        Assert.Equal(expiry, NewRunBuilder.RunExpiration(Now, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), expiry));
        Assert.Equal(expiry, NewRunBuilder.RunExpiration(Now, TimeSpan.Zero, null, expiry));
    }
}
