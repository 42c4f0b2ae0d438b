using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.ConsoleWeb.Tests.Security;

public sealed class SignInThrottleTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() =>
        _throttle = new SignInThrottle(new StaticOptionsMonitor<ConsoleOptions>(
            new ConsoleOptions { MaxFailedSignIns = 3, FailedSignInWindow = TimeSpan.FromMinutes(5) }), _time);

    public void Dispose() => _throttle.Dispose();

    [Fact]
    public void TryBegin_FewerAttemptsThanLimit_Admitted()
    {
        Assert.Null(_throttle.TryBegin("alice", "10.0.0.1"));
        Assert.Null(_throttle.TryBegin("alice", "10.0.0.1"));
        Assert.Null(_throttle.TryBegin("alice", "10.0.0.1"));
    }

    [Fact]
    public void TryBegin_LimitReached_RefusedUntilOldestFailureLeavesWindow()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(_throttle.TryBegin("alice", "10.0.0.1"));
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(TimeSpan.FromMinutes(2), _throttle.TryBegin("ALICE", "10.0.0.1"));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(_throttle.TryBegin("alice", "10.0.0.1"));
    }

    [Fact]
    public void TryBegin_OtherAddressOrUser_OwnBudget()
    {
        for (var i = 0; i < 3; i++)
        {
            _throttle.TryBegin("alice", "10.0.0.1");
        }

        Assert.Null(_throttle.TryBegin("alice", "10.0.0.2"));
        Assert.Null(_throttle.TryBegin("bob", "10.0.0.1"));
    }

    [Fact]
    public void RecordSuccess_AfterFailures_ClearsCount()
    {
        _throttle.TryBegin("alice", "10.0.0.1");
        _throttle.TryBegin("alice", "10.0.0.1");
        _throttle.RecordSuccess("alice", "10.0.0.1");
        _throttle.TryBegin("alice", "10.0.0.1");
        _throttle.TryBegin("alice", "10.0.0.1");

        Assert.Null(_throttle.TryBegin("alice", "10.0.0.1"));
    }

    [Fact]
    public async Task TryBegin_ThirtyParallelGuesses_OnlyTheBudgetAdmitted()
    {
        // Each admitted attempt is counted before its password is hashed: 30 guesses sent at once
        // get no more tries than 30 sent one after another.
        using var start = new ManualResetEventSlim();
        var admitted = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return _throttle.TryBegin("alice", "10.0.0.1") is null;
        })).Append(Task.Run(() =>
        {
            start.Set();
            return false;
        })));

        Assert.Equal(3, admitted.Count(a => a));
    }

    [Fact]
    public void TryBegin_GuessesSpreadOverManyAddresses_SpacedPerUserNotLocked()
    {
        // 3 per address, 4 × 3 per user name from all addresses: four addresses use up the user-wide budget.
        for (var address = 0; address < SignInThrottle.UserWideFactor; address++)
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Null(_throttle.TryBegin("alice", $"10.0.1.{address}"));
            }
        }

        // A fresh address now waits out the spacing instead of getting a fresh budget...
        Assert.Equal(SignInThrottle.UserWideSpacing, _throttle.TryBegin("alice", "10.0.2.1"));
        Assert.Null(_throttle.TryBegin("bob", "10.0.2.1"));
        // ...and then gets one attempt, not a lockout: the real user still gets in within seconds.
        _time.Advance(SignInThrottle.UserWideSpacing);
        Assert.Null(_throttle.TryBegin("alice", "10.0.3.1"));
        Assert.NotNull(_throttle.TryBegin("alice", "10.0.3.2"));
    }

    [Fact]
    public async Task EnterVerifierAsync_AllVerifiersBusy_WaitsForOneToBeReleased()
    {
        var leases = new List<IDisposable>();
        for (var i = 0; i < Environment.ProcessorCount; i++)
        {
            leases.Add(Assert.IsAssignableFrom<IDisposable>(await _throttle.EnterVerifierAsync(CancellationToken.None)));
        }

        var waiting = _throttle.EnterVerifierAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        leases[0].Dispose();

        using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(next);
        leases.Skip(1).ToList().ForEach(l => l.Dispose());
    }
}
