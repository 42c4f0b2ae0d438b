using System.Diagnostics.Metrics;
using Fencepost.Engine.Persistence.Embedded.Mvcc;

namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>
/// The emulator's own counters as observable instruments (meter "Fencepost.Persistence.Embedded"),
/// read from <see cref="MvccDatabase.GetStatistics"/> when a collector asks: commits, read-only
/// commits, OC000 conflicts, aborts, open transactions and garbage-collected versions and rows.
/// </summary>
public sealed class EmbeddedStoreMetrics
{
    public const string MeterName = "Fencepost.Persistence.Embedded";

    public EmbeddedStoreMetrics(IMeterFactory meterFactory, MvccDatabase database)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(database);
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("fencepost.embedded.commits", () => database.GetStatistics().Commits, "{transaction}",
            "Transactions that committed writes or FOR UPDATE locks.");
        meter.CreateObservableCounter("fencepost.embedded.read_only_commits", () => database.GetStatistics().ReadOnlyCommits, "{transaction}",
            "Transactions that committed having only read.");
        meter.CreateObservableCounter("fencepost.embedded.conflicts", () => database.GetStatistics().Conflicts, "{transaction}",
            "Commits refused with 40001 OC000 because another transaction committed a row first.");
        meter.CreateObservableCounter("fencepost.embedded.aborts", () => database.GetStatistics().Aborts, "{transaction}",
            "Transactions with writes that ended without committing (condition failures, limits, rollbacks).");
        meter.CreateObservableUpDownCounter("fencepost.embedded.open_transactions", () => database.GetStatistics().OpenTransactions, "{transaction}",
            "Transactions begun and not yet ended; their snapshots keep old versions alive.");
        meter.CreateObservableCounter("fencepost.embedded.versions_collected", () => database.GetStatistics().VersionsCollected, "{version}",
            "Row versions no snapshot could see any more, dropped by garbage collection.");
        meter.CreateObservableCounter("fencepost.embedded.rows_collected", () => database.GetStatistics().RowsCollected, "{row}",
            "Deleted rows removed from their tables by garbage collection.");
    }
}
