using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Occ;

namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>
/// Runs a store operation as one emulator transaction through the OCC runner: each attempt begins
/// a fresh snapshot, runs the body from scratch and commits, so a conflict retries all of it.
/// </summary>
internal sealed class EmbeddedTransactions(MvccDatabase database, OccTransactionRunner runner, TimeProvider timeProvider, EmbeddedFaultInjector? faults = null)
{
    public EmbeddedTables Tables { get; } = new(database);

    public DateTimeOffset Now() => StoredValues.Time(timeProvider.GetUtcNow());

    public Task<T> RunAsync<T>(PersistenceOperation operation, Func<MvccTransaction, T> body, CancellationToken cancellationToken) =>
        runner.RunAsync(operation, async token =>
        {
            using var transaction = database.Begin();
            // Statements are round trips on DSQL: let other transactions run between taking the
            // snapshot and reading, so concurrent operations overlap (and conflict) as they would there.
            await Task.Yield();
            var result = body(transaction);
            var writes = transaction.HasWritesOrLocks;
            if (writes)
            {
                faults?.BeforeCommit(operation);
            }
            await transaction.CommitAsync(token).ConfigureAwait(false);
            if (writes)
            {
                faults?.AfterCommit(operation);
            }
            return result;
        }, cancellationToken);

    public Task ExecuteAsync(PersistenceOperation operation, Action<MvccTransaction> body, CancellationToken cancellationToken) =>
        RunAsync(operation, transaction =>
        {
            body(transaction);
            return true;
        }, cancellationToken);
}
