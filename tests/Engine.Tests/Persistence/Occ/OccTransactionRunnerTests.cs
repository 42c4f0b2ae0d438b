using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Tests.Persistence.Conformance;
using Fencepost.TestUtilities.Time;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Engine.Tests.Persistence.Occ;

public sealed class OccTransactionRunnerTests : IDisposable
{
    private static readonly PersistenceOperation Operation = new("ShardWrite", "executions", 7, "execution:wf-1");
    private readonly StoreTestContext _context = new();
    private readonly FakeTimeProvider _time = new();
    // Millisecond backoffs on the real clock: retry-count tests then finish at once without stepping fake time.
    private OccRetryOptions _options = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) };

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task RunAsync_ConflictThenSuccess_RetriesWholeTransactionAndAttributesConflict()
    {
        var runner = CreateRunner();
        var attempts = 0;

        var result = await runner.RunAsync(Operation, _ =>
        {
            attempts++;
            return attempts == 1 ? throw new OccConflictException("OC000", "lost the race") : Task.FromResult("done");
        }, CancellationToken.None);

        Assert.Equal("done", result);
        Assert.Equal(2, attempts);
        var conflict = Assert.Single(_context.Conflicts.Observations);
        Assert.Equal(("ShardWrite", "executions", 7, "execution:wf-1", "OC000", 1, false),
            (conflict.Operation, conflict.Table, conflict.ShardId, conflict.Key, conflict.Code, conflict.Attempt, conflict.Exhausted));
    }

    [Fact]
    public async Task RunAsync_ConflictFromAStoreNativeException_IsClassifiedAndRetried()
    {
        var runner = CreateRunner(new MessageClassifier());
        var attempts = 0;

        var result = await runner.RunAsync(Operation, _ =>
        {
            attempts++;
            // Like a driver exception whose text was formatted rather than wrapped: the classifier must still see it.
            return attempts < 3 ? throw new InvalidOperationException("40001 could not serialize access") : Task.FromResult(attempts);
        }, CancellationToken.None);

        Assert.Equal(3, result);
        Assert.Equal(2, _context.Conflicts.Observations.Count);
    }

    [Fact]
    public async Task RunAsync_AlwaysConflicting_ThrowsExhaustedAfterMaxRetries()
    {
        _options = _options with { MaxRetries = 3 };
        var runner = CreateRunner();
        var attempts = 0;

        var error = await Assert.ThrowsAsync<RetriesExhaustedException>(() => runner.RunAsync<int>(Operation, _ =>
        {
            attempts++;
            throw new OccConflictException("OC001", "catalog changed");
        }, CancellationToken.None));

        Assert.Equal(4, attempts);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(PersistenceErrorClass.SchemaChanged, ((PersistenceException)error.InnerException!).ErrorClass);
        Assert.Single(_context.Conflicts.Observations, o => o.Exhausted);
    }

    [Theory]
    [InlineData(PersistenceErrorClass.OwnershipLost)]
    [InlineData(PersistenceErrorClass.ConditionFailed)]
    [InlineData(PersistenceErrorClass.LimitExceeded)]
    [InlineData(PersistenceErrorClass.Unsupported)]
    [InlineData(PersistenceErrorClass.OutcomeUnknown)]
    public async Task RunAsync_ErrorRetryCannotFix_FailsFastOnFirstAttempt(PersistenceErrorClass errorClass)
    {
        var runner = CreateRunner();
        var attempts = 0;

        var error = await Assert.ThrowsAsync<PersistenceException>(() => runner.RunAsync<int>(Operation, _ =>
        {
            attempts++;
            throw new PersistenceException(errorClass, "no");
        }, CancellationToken.None));

        Assert.Equal(1, attempts);
        Assert.Equal(errorClass, error.ErrorClass);
        Assert.Empty(_context.Conflicts.Observations);
    }

    [Fact]
    public async Task RunAsync_ExceptionTheStoreDoesNotKnow_PropagatesUnchanged()
    {
        var runner = CreateRunner();

        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync<int>(Operation, _ => throw new ArgumentException("caller bug"), CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_Backoff_WaitsBeforeRetrying()
    {
        _options = new OccRetryOptions { BaseDelay = TimeSpan.FromSeconds(1), JitterFraction = 0 };
        var runner = CreateRunner(time: _time);
        var attempts = 0;

        var running = runner.RunAsync(Operation, _ =>
        {
            attempts++;
            return attempts == 1 ? throw new OccConflictException("OC000", "race") : Task.FromResult(true);
        }, CancellationToken.None);

        Assert.Equal(1, attempts);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, attempts);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await running);
        Assert.Equal(2, attempts);
    }

    [Theory]
    [InlineData(PersistenceErrorClass.Unavailable)]
    [InlineData(PersistenceErrorClass.ConnectionCapacity)]
    public async Task RunAsync_StoreUnreachableThenBack_HoldsTheOperationUntilItSucceeds(PersistenceErrorClass errorClass)
    {
        var time = new TimerWatchingTimeProvider(DateTimeOffset.UnixEpoch);
        _options = new OccRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), UnavailableMaxDelay = TimeSpan.FromSeconds(1), JitterFraction = 0 };
        var runner = CreateRunner(time: time);
        var attempts = 0;

        var running = runner.RunAsync(Operation, _ =>
        {
            attempts++;
            return attempts <= 5 ? throw new PersistenceException(errorClass, "connection refused") : Task.FromResult("done");
        }, CancellationToken.None);

        // 100, 200, 400, 800 ms, then capped at 1 s: five failures, 2.5 s held, then the store answers.
        TimeSpan[] pauses = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(1)];
        foreach (var (pause, index) in pauses.Select((p, i) => (p, i)))
        {
            await time.WaitUntilArmedAsync(pause, TimeSpan.FromSeconds(30));
            Assert.Equal(index + 1, attempts);
            time.Advance(pause);
        }

        Assert.Equal("done", await running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(6, attempts);
        Assert.Empty(_context.Conflicts.Observations);
    }

    [Fact]
    public async Task RunAsync_StoreUnreachablePastTheWindow_FailsWithTheStoresError()
    {
        var time = new TimerWatchingTimeProvider(DateTimeOffset.UnixEpoch);
        _options = new OccRetryOptions { BaseDelay = TimeSpan.FromSeconds(1), UnavailableMaxDelay = TimeSpan.FromSeconds(1), JitterFraction = 0, UnavailableRetryWindow = TimeSpan.FromSeconds(3) };
        var runner = CreateRunner(time: time);
        var attempts = 0;

        var running = runner.RunAsync<int>(Operation, _ =>
        {
            attempts++;
            throw new PersistenceException(PersistenceErrorClass.Unavailable, "connection refused");
        }, CancellationToken.None);
        for (var armed = 1; armed <= 3; armed++)
        {
            await time.WaitUntilArmedAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), times: armed);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var error = await Assert.ThrowsAsync<PersistenceException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(PersistenceErrorClass.Unavailable, error.ErrorClass);
        // Held at 0, 1 and 2 s; a fourth pause would end past the 3 s window.
        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task RunAsync_StoreUnreachableAndTheCallerGivesUp_StopsWaitingAtTheCallersDeadline()
    {
        var time = new TimerWatchingTimeProvider(DateTimeOffset.UnixEpoch);
        _options = new OccRetryOptions { BaseDelay = TimeSpan.FromSeconds(1), UnavailableMaxDelay = TimeSpan.FromSeconds(1), JitterFraction = 0 };
        var runner = CreateRunner(time: time);
        using var caller = new CancellationTokenSource();
        var attempts = 0;

        var running = runner.RunAsync<int>(Operation, _ =>
        {
            attempts++;
            throw new PersistenceException(PersistenceErrorClass.Unavailable, "connection refused");
        }, caller.Token);
        await time.WaitUntilArmedAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, attempts);
    }

    private OccTransactionRunner CreateRunner(IStoreErrorClassifier? classifier = null, TimeProvider? time = null) =>
        new("test", classifier ?? new MessageClassifier(), () => _options, _context.Metrics, _context.Conflicts, time ?? TimeProvider.System);

    private sealed class MessageClassifier : IStoreErrorClassifier
    {
        public PersistenceException? Classify(Exception exception) =>
            exception is InvalidOperationException { Message: var m } && m.StartsWith("40001", StringComparison.Ordinal)
                ? new OccConflictException("OC000", m, exception)
                : null;
    }
}
