namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// Running totals of the persistence layer's transactions (dsql_tx_latency measurements with
/// outcome=ok), failed transactions, OCC conflicts and retries. Subtract two readings for a window.
/// </summary>
public sealed record PersistenceActivity(
    long Transactions,
    long FailedTransactions,
    long Conflicts,
    long Retries,
    IReadOnlyList<OperationActivity> ByOperation)
{
    public static PersistenceActivity None { get; } = new(0, 0, 0, 0, []);

    /// <summary>What happened between <paramref name="earlier"/> and this reading; operations without transactions in between are left out.</summary>
    public PersistenceActivity Since(PersistenceActivity earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var before = earlier.ByOperation.ToDictionary(o => o.Operation, StringComparer.Ordinal);
        var operations = ByOperation
            .Select(o => before.TryGetValue(o.Operation, out var b)
                ? o with { Transactions = o.Transactions - b.Transactions, TotalSeconds = o.TotalSeconds - b.TotalSeconds }
                : o)
            .Where(o => o.Transactions > 0)
            .OrderByDescending(o => o.Transactions)
            .ThenBy(o => o.Operation, StringComparer.Ordinal)
            .ToList();
        return new PersistenceActivity(
            Transactions - earlier.Transactions,
            FailedTransactions - earlier.FailedTransactions,
            Conflicts - earlier.Conflicts,
            Retries - earlier.Retries,
            operations);
    }
}
