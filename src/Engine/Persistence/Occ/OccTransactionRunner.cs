using System.Diagnostics;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Errors;

namespace Fencepost.Engine.Persistence.Occ;

/// <summary>
/// Runs a whole transaction, retrying all of it on OCC conflicts (40001 OC000/OC001) with
/// exponential backoff and jitter, holding it through a store that cannot be reached for a bounded
/// window (nothing committed then), and failing fast on everything a retry cannot fix, an unknown
/// commit outcome included. Every conflict is attributed to the operation's table and key and
/// handed to Diagnostics.
/// </summary>
public sealed class OccTransactionRunner(
    string storeKind,
    IStoreErrorClassifier classifier,
    Func<OccRetryOptions> options,
    DsqlTransactionMetrics metrics,
    IConflictRecorder conflictRecorder,
    TimeProvider timeProvider)
{
    public string StoreKind { get; } = storeKind;

    /// <summary>Runs <paramref name="transaction"/>; it must begin, do all its work and commit on every call.</summary>
    public async Task<T> RunAsync<T>(PersistenceOperation operation, Func<CancellationToken, Task<T>> transaction, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var windowStart = timeProvider.GetTimestamp();
        var current = options();
        var conflicts = 0;
        var unreachable = 0;
        while (true)
        {
            PersistenceException error;
            try
            {
                var result = await transaction(cancellationToken).ConfigureAwait(false);
                metrics.RecordTransaction(StoreKind, operation.Name, Stopwatch.GetElapsedTime(started), succeeded: true);
                return result;
            }
            catch (Exception ex) when (Classify(ex) is { } classified)
            {
                error = classified;
            }

            metrics.RecordErrorClass(StoreKind, operation.Name, error.ErrorClass.ToString());
            if (error.ErrorClass is PersistenceErrorClass.Unavailable or PersistenceErrorClass.ConnectionCapacity)
            {
                // Nothing was committed (an unknown outcome has its own class): hold the operation
                // while the store comes back, within the window and the caller's deadline.
                var pause = current.UnavailableBackoff(++unreachable, Random.Shared.NextDouble());
                if (timeProvider.GetElapsedTime(windowStart) + pause <= current.UnavailableRetryWindow && !cancellationToken.IsCancellationRequested)
                {
                    metrics.RecordRetry(StoreKind, operation.Name, pause);
                    await Task.Delay(pause, timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            if (!error.IsRetryable)
            {
                metrics.RecordTransaction(StoreKind, operation.Name, Stopwatch.GetElapsedTime(started), succeeded: false);
                throw error;
            }

            var attempt = ++conflicts;
            var exhausted = attempt > current.MaxRetries;
            metrics.RecordConflict(StoreKind, operation.Name);
            conflictRecorder.Record(new ConflictObservation(
                timeProvider.GetUtcNow(), StoreKind, operation.Name, operation.Table, operation.ShardId,
                (error as OccConflictException)?.ConflictingKey ?? operation.Key, attempt, exhausted,
                (error as OccConflictException)?.OcCode ?? error.SqlState ?? "40001"));

            if (exhausted)
            {
                metrics.RecordExhausted(StoreKind, operation.Name);
                metrics.RecordTransaction(StoreKind, operation.Name, Stopwatch.GetElapsedTime(started), succeeded: false);
                throw new RetriesExhaustedException(operation.Name, attempt, error);
            }

            var backoff = current.BackoffFor(attempt, Random.Shared.NextDouble());
            metrics.RecordRetry(StoreKind, operation.Name, backoff);
            await Task.Delay(backoff, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task RunAsync(PersistenceOperation operation, Func<CancellationToken, Task> transaction, CancellationToken cancellationToken) =>
        RunAsync(operation, async ct =>
        {
            await transaction(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private PersistenceException? Classify(Exception exception) =>
        exception as PersistenceException ?? classifier.Classify(exception);
}
