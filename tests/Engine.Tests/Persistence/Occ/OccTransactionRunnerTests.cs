using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Tests.Persistence.Conformance;
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
    [InlineData(PersistenceErrorClass.ConnectionCapacity)]
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
