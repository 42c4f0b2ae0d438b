using Fencepost.Engine.History;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace Fencepost.Engine.Tests.History;

public class RetryPolicyEvaluatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
    private static readonly Failure Plain = new() { Message = "boom", ApplicationFailureInfo = new ApplicationFailureInfo { Type = "Boom" } };

    [Fact]
    public void WithDefaults_EmptyPolicy_FillsTemporalDefaults()
    {
        var filled = RetryPolicyEvaluator.WithDefaults(null);
        Assert.Equal(TimeSpan.FromSeconds(1), filled.InitialInterval.ToTimeSpan());
        Assert.Equal(2.0, filled.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromSeconds(100), filled.MaximumInterval.ToTimeSpan());
        Assert.Equal(0, filled.MaximumAttempts);
    }

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 2_000)]
    [InlineData(3, 4_000)]
    [InlineData(20, 100_000)]
    public void Decide_DefaultPolicy_BacksOffExponentiallyUpToMaximum(int attempt, int expectedMilliseconds)
    {
        var decision = RetryPolicyEvaluator.Decide(null, attempt, Plain, null, Now, null);
        Assert.Equal(RetryState.InProgress, decision.State);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), decision.Delay);
    }

    [Fact]
    public void Decide_NonRetryableFlag_Stops()
    {
        var failure = new Failure { ApplicationFailureInfo = new ApplicationFailureInfo { NonRetryable = true } };
        Assert.Equal(RetryState.NonRetryableFailure, RetryPolicyEvaluator.Decide(null, 1, failure, null, Now, null).State);
    }

    [Fact]
    public void Decide_NonRetryableErrorType_Stops()
    {
        var policy = new RetryPolicy { NonRetryableErrorTypes = { "Boom" } };
        Assert.Equal(RetryState.NonRetryableFailure, RetryPolicyEvaluator.Decide(policy, 1, Plain, null, Now, null).State);
    }

    [Fact]
    public void Decide_MaximumAttemptsReached_Stops()
    {
        var policy = new RetryPolicy { MaximumAttempts = 3 };
        Assert.Equal(RetryState.InProgress, RetryPolicyEvaluator.Decide(policy, 2, Plain, null, Now, null).State);
        Assert.Equal(RetryState.MaximumAttemptsReached, RetryPolicyEvaluator.Decide(policy, 3, Plain, null, Now, null).State);
    }

    [Fact]
    public void Decide_NextRetryPastScheduleToCloseDeadline_TimesOut()
    {
        var decision = RetryPolicyEvaluator.Decide(null, 1, Plain, null, Now, Now + TimeSpan.FromMilliseconds(500));
        Assert.Equal(RetryState.Timeout, decision.State);
    }

    [Fact]
    public void Decide_ExplicitNextRetryDelay_Wins()
    {
        var decision = RetryPolicyEvaluator.Decide(null, 1, Plain, TimeSpan.FromSeconds(7), Now, null);
        Assert.Equal(TimeSpan.FromSeconds(7), decision.Delay);
    }

    [Fact]
    public void Validate_CoefficientBelowOne_ExplainsProblem()
    {
        Assert.Contains("BackoffCoefficient", RetryPolicyEvaluator.Validate(new RetryPolicy { BackoffCoefficient = 0.5 }), StringComparison.Ordinal);
        Assert.Null(RetryPolicyEvaluator.Validate(new RetryPolicy { InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) }));
    }

    [Fact]
    public void WithDefaults_HundredYearInitialInterval_MaximumStaysWithinTheDurationLimit()
    {
        var filled = RetryPolicyEvaluator.WithDefaults(new RetryPolicy { InitialInterval = Duration.FromTimeSpan(DurationLimits.Max) });

        Assert.Equal(DurationLimits.Max, filled.MaximumInterval.ToTimeSpan());
        var decision = RetryPolicyEvaluator.Decide(filled, 50, Plain, null, Now, null);
        Assert.Equal(DurationLimits.Max, decision.Delay);
        Assert.True(Now + decision.Delay < DateTimeOffset.MaxValue);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_NonFiniteBackoffCoefficient_Refused(double coefficient) =>
        Assert.Contains("finite", RetryPolicyEvaluator.Validate(new RetryPolicy { BackoffCoefficient = coefficient }), StringComparison.Ordinal);

    [Fact]
    public void Decide_NonRetryableServerFailure_Stops()
    {
        var failure = new Failure { Message = "too large", ServerFailureInfo = new ServerFailureInfo { NonRetryable = true } };

        Assert.Equal(RetryState.NonRetryableFailure, RetryPolicyEvaluator.Decide(null, 1, failure, null, Now, null).State);
    }
}
