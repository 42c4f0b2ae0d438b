namespace Fencepost.Engine.Persistence.Embedded.Mvcc;

/// <summary>Counters of the emulator since it started, for diagnostics and tests.</summary>
/// <param name="Commits">Transactions that committed writes or locks.</param>
/// <param name="ReadOnlyCommits">Transactions that committed having only read.</param>
/// <param name="Conflicts">Commits refused with OC000 because another transaction committed a row first.</param>
/// <param name="Aborts">Transactions with writes or locks that ended without committing (rolled back, refused by a limit, disposed); read-only ones that just end are not counted.</param>
/// <param name="LastCommittedSequence">The commit sequence number the next snapshot would take.</param>
/// <param name="OpenTransactions">Transactions begun and not yet ended.</param>
/// <param name="VersionsCollected">Old row versions garbage collection has dropped.</param>
/// <param name="RowsCollected">Deleted rows garbage collection has removed from their tables.</param>
public sealed record MvccStatistics(
    long Commits,
    long ReadOnlyCommits,
    long Conflicts,
    long Aborts,
    long LastCommittedSequence,
    int OpenTransactions,
    long VersionsCollected,
    long RowsCollected);
