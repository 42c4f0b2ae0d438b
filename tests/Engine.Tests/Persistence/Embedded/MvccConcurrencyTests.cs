using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Occ;
using Fencepost.Engine.Tests.Persistence.Conformance;
using Microsoft.Extensions.DependencyInjection;
using static Fencepost.Engine.Tests.Persistence.Embedded.MvccTestTables;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

public class MvccConcurrencyTests
{
    [Fact]
    public async Task RunAsync_ManyThreadsIncrementOneCounter_FinalValueEqualsSuccessfulIncrementsAndConflictsAreCounted()
    {
        var db = new MvccDatabase(TimeProvider.System);
        var table = Counters(db);
        await PutAsync(db, table, 1, 0);
        var conflicts = new RecordingConflictRecorder();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var runner = new OccTransactionRunner("embedded", new NoClassifier(), () => EmbeddedStoreFactory.FastRetries,
            new DsqlTransactionMetrics(services.GetRequiredService<IMeterFactory>()), conflicts, TimeProvider.System);
        var operation = new PersistenceOperation("Increment", "counters", null, "counter:1");
        const int workers = 8;
        const int incrementsEach = 200;
        var succeeded = 0;
        var exhausted = 0;
        using var start = new Barrier(workers);

        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            for (var i = 0; i < incrementsEach; i++)
            {
                try
                {
                    await runner.RunAsync(operation, async ct =>
                    {
                        using var tx = db.Begin();
                        var current = tx.Get(table, 1)!.Value;
                        tx.Update(table, 1, new Counter(current + 1));
                        await tx.CommitAsync(ct);
                    }, CancellationToken.None);
                    Interlocked.Increment(ref succeeded);
                }
                catch (RetriesExhaustedException)
                {
                    Interlocked.Increment(ref exhausted);
                }
            }
        })).ToList();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(succeeded, Read(db, table, 1));
        Assert.Equal(workers * incrementsEach, succeeded + exhausted);
        var stats = db.GetStatistics();
        Assert.Equal(stats.Conflicts, conflicts.Observations.Count);
        Assert.All(conflicts.Observations, o => Assert.Equal("counters:1", o.Key));
        Assert.Equal(succeeded + 1, stats.Commits);
        Assert.Equal(0, stats.OpenTransactions);
    }

    [Fact]
    public async Task Commit_ConcurrentReadersDuringWrites_NeverSeeAPartialCommit()
    {
        var db = new MvccDatabase(TimeProvider.System);
        var table = Counters(db);
        using (var seed = db.Begin())
        {
            seed.Upsert(table, 1, new Counter(0));
            seed.Upsert(table, 2, new Counter(0));
            await seed.CommitAsync();
        }
        using var stop = new CancellationTokenSource();
        var torn = 0;

        var writer = Task.Run(async () =>
        {
            for (var i = 1; i <= 2_000; i++)
            {
                using var tx = db.Begin();
                tx.Upsert(table, 1, new Counter(i));
                tx.Upsert(table, 2, new Counter(i));
                await tx.CommitAsync();
            }
            await stop.CancelAsync();
        });
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var tx = db.Begin();
                var rows = tx.Scan(table, KeyRange.All<long>());
                if (rows[0].Value.Value != rows[1].Value.Value || tx.Get(table, 1)!.Value != tx.Get(table, 2)!.Value)
                {
                    Interlocked.Increment(ref torn);
                }
            }
        })).ToList();
        await Task.WhenAll([writer, .. readers]).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, torn);
        Assert.Equal(2_000, Read(db, table, 2));
    }

    [Fact]
    public async Task CollectGarbage_RunningDuringWritesAndLongSnapshots_NeverChangesWhatASnapshotSees()
    {
        var db = new MvccDatabase(TimeProvider.System);
        var table = Counters(db);
        const int keys = 10;
        using (var seed = db.Begin())
        {
            for (var k = 0; k < keys; k++)
            {
                seed.Upsert(table, k, new Counter(0));
            }
            await seed.CommitAsync();
        }
        using var stop = new CancellationTokenSource();
        var violations = 0;
        var checks = 0;

        var writer = Task.Run(async () =>
        {
            for (var i = 1; i <= 3_000; i++)
            {
                using var tx = db.Begin();
                for (var k = 0; k < keys; k++)
                {
                    // Deleting and re-inserting half the rows makes tombstones the collector removes.
                    if (i % 2 == 0 && k % 2 == 0)
                    {
                        tx.Delete(table, k);
                    }
                    else
                    {
                        tx.Upsert(table, k, new Counter(i));
                    }
                }
                await tx.CommitAsync();
            }
            await stop.CancelAsync();
        });
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                db.CollectGarbage();
            }
        });
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var tx = db.Begin();
                var first = Snapshot(tx);
                await Task.Yield();
                for (var again = 0; again < 20; again++)
                {
                    var later = Snapshot(tx);
                    Interlocked.Increment(ref checks);
                    if (!first.SequenceEqual(later) || first.Where(v => v is not null).Distinct().Count() != 1)
                    {
                        Interlocked.Increment(ref violations);
                    }
                }
            }
        })).ToList();
        await Task.WhenAll([writer, collector, .. readers]).WaitAsync(TimeSpan.FromMinutes(2));
        db.CollectGarbage();

        Assert.Equal(0, violations);
        Assert.True(checks > 0, "the readers never ran");
        Assert.True(db.GetStatistics().VersionsCollected > 0, "the collector never dropped a version");
        Assert.True(table.PhysicalRowCount <= keys);

        long?[] Snapshot(MvccTransaction tx) => [.. Enumerable.Range(0, keys).Select(k => tx.Get(table, k)?.Value)];
    }

    private sealed class NoClassifier : IStoreErrorClassifier
    {
        public PersistenceException? Classify(Exception exception) => null;
    }
}
