using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.ConsoleWeb.Tests.Security;

public sealed class SignInThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() =>
        _throttle = new SignInThrottle(new StaticOptionsMonitor<ConsoleOptions>(
            new ConsoleOptions { MaxFailedSignIns = 3, FailedSignInWindow = TimeSpan.FromMinutes(5) }), _time);

    [Fact]
    public void RetryAfter_FewerFailuresThanLimit_Allowed()
    {
        _throttle.RecordFailure("alice", "10.0.0.1");
        _throttle.RecordFailure("alice", "10.0.0.1");

        Assert.Null(_throttle.RetryAfter("alice", "10.0.0.1"));
    }

    [Fact]
    public void RetryAfter_LimitReached_RefusedUntilOldestFailureLeavesWindow()
    {
        for (var i = 0; i < 3; i++)
        {
            _throttle.RecordFailure("alice", "10.0.0.1");
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(TimeSpan.FromMinutes(2), _throttle.RetryAfter("ALICE", "10.0.0.1"));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(_throttle.RetryAfter("alice", "10.0.0.1"));
    }

    [Fact]
    public void RetryAfter_OtherAddressOrUser_NotAffected()
    {
        for (var i = 0; i < 3; i++)
        {
            _throttle.RecordFailure("alice", "10.0.0.1");
        }

        Assert.Null(_throttle.RetryAfter("alice", "10.0.0.2"));
        Assert.Null(_throttle.RetryAfter("bob", "10.0.0.1"));
    }

    [Fact]
    public void RecordSuccess_AfterFailures_ClearsCount()
    {
        _throttle.RecordFailure("alice", "10.0.0.1");
        _throttle.RecordFailure("alice", "10.0.0.1");
        _throttle.RecordSuccess("alice", "10.0.0.1");
        _throttle.RecordFailure("alice", "10.0.0.1");
        _throttle.RecordFailure("alice", "10.0.0.1");

        Assert.Null(_throttle.RetryAfter("alice", "10.0.0.1"));
    }

    [Fact]
    public async Task RecordFailure_ConcurrentFromManyThreads_CountsEveryFailure()
    {
        var throttle = new SignInThrottle(new StaticOptionsMonitor<ConsoleOptions>(
            new ConsoleOptions { MaxFailedSignIns = 400, FailedSignInWindow = TimeSpan.FromMinutes(5) }), _time);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                throttle.RecordFailure("alice", "10.0.0.1");
            }
        })));

        Assert.NotNull(throttle.RetryAfter("alice", "10.0.0.1"));
    }
}
