using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Errors;
using Microsoft.Extensions.Time.Testing;
using static Fencepost.Engine.Tests.Persistence.Embedded.MvccTestTables;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

public class MvccDatabaseTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Get_AfterLaterCommit_SeesItsSnapshot()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        await PutAsync(db, table, 1, 10);

        using var reader = db.Begin();
        Assert.Equal(10, reader.Get(table, 1)?.Value);
        await PutAsync(db, table, 1, 20);
        await PutAsync(db, table, 2, 30);

        Assert.Equal(10, reader.Get(table, 1)?.Value);
        Assert.Null(reader.Get(table, 2));
        Assert.Single(reader.Scan(table, KeyRange.All<long>()));
        Assert.Equal(20, Read(db, table, 1));
    }

    [Fact]
    public async Task Get_OwnBufferedWrites_VisibleOnlyToThisTransaction()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        await PutAsync(db, table, 1, 10);

        using var writer = db.Begin();
        writer.Upsert(table, 2, new Counter(2));
        Assert.True(writer.Delete(table, 1));

        Assert.Null(writer.Get(table, 1));
        Assert.Equal(2, writer.Get(table, 2)?.Value);
        Assert.Equal(10, Read(db, table, 1));
        Assert.Null(Read(db, table, 2));
    }

    [Fact]
    public async Task Commit_ConcurrentUpdatesOfOneRow_FirstCommitterWinsSecondGetsOc000AndAppliesNothing()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        var other = Counters(db, "other");
        await PutAsync(db, table, 1, 0);

        using var first = db.Begin();
        using var second = db.Begin();
        first.Update(table, 1, new Counter(first.Get(table, 1)!.Value + 1));
        second.Update(table, 1, new Counter(second.Get(table, 1)!.Value + 1));
        second.Upsert(other, 7, new Counter(7));
        await first.CommitAsync();

        var conflict = await Assert.ThrowsAsync<OccConflictException>(() => second.CommitAsync());

        Assert.Equal("OC000", conflict.OcCode);
        Assert.Equal("40001", conflict.SqlState);
        Assert.Equal("counters:1", conflict.ConflictingKey);
        Assert.Equal(1, Read(db, table, 1));
        Assert.Null(Read(db, other, 7));
        Assert.Equal(1, db.GetStatistics().Conflicts);
    }

    [Fact]
    public async Task Commit_ConcurrentInsertsOfOneKey_SecondConflicts()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        using var first = db.Begin();
        using var second = db.Begin();
        Assert.True(first.TryInsert(table, 5, new Counter(1)));
        Assert.True(second.TryInsert(table, 5, new Counter(2)));
        await first.CommitAsync();

        await Assert.ThrowsAsync<OccConflictException>(() => second.CommitAsync());
        Assert.Equal(1, Read(db, table, 5));
    }

    [Fact]
    public async Task Commit_WriteSkewOnPlainReads_BothCommit()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        await PutAsync(db, table, 1, 1);
        await PutAsync(db, table, 2, 1);

        // Each reads both rows (plain) and writes the other one: serializable would refuse one.
        using var first = db.Begin();
        using var second = db.Begin();
        var firstSum = first.Get(table, 1)!.Value + first.Get(table, 2)!.Value;
        var secondSum = second.Get(table, 1)!.Value + second.Get(table, 2)!.Value;
        first.Update(table, 1, new Counter(firstSum));
        second.Update(table, 2, new Counter(secondSum));
        await first.CommitAsync();
        await second.CommitAsync();

        Assert.Equal(2, Read(db, table, 1));
        Assert.Equal(2, Read(db, table, 2));
    }

    [Fact]
    public async Task Commit_ForUpdateReadOfRowAnotherTransactionWrote_Conflicts()
    {
        var db = new MvccDatabase(_time);
        var fence = Counters(db, "fence");
        var data = Counters(db, "data");
        await PutAsync(db, fence, 1, 5);

        using var writer = db.Begin();
        Assert.Equal(5, writer.Get(fence, 1, forUpdate: true)?.Value);
        writer.Upsert(data, 1, new Counter(1));
        await PutAsync(db, fence, 1, 6);

        var conflict = await Assert.ThrowsAsync<OccConflictException>(() => writer.CommitAsync());
        Assert.Equal("fence:1", conflict.ConflictingKey);
        Assert.Null(Read(db, data, 1));
    }

    [Fact]
    public async Task Commit_PlainReadOfRowAnotherTransactionWrote_Commits()
    {
        var db = new MvccDatabase(_time);
        var fence = Counters(db, "fence");
        var data = Counters(db, "data");
        await PutAsync(db, fence, 1, 5);

        using var writer = db.Begin();
        Assert.Equal(5, writer.Get(fence, 1)?.Value);
        writer.Upsert(data, 1, new Counter(1));
        await PutAsync(db, fence, 1, 6);
        await writer.CommitAsync();

        Assert.Equal(1, Read(db, data, 1));
    }

    [Fact]
    public async Task Commit_ForUpdateReadOfMissingRowThenInserted_Conflicts()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        var data = Counters(db, "data");
        using var writer = db.Begin();
        Assert.Null(writer.Get(table, 9, forUpdate: true));
        writer.Upsert(data, 1, new Counter(1));
        await PutAsync(db, table, 9, 1);

        await Assert.ThrowsAsync<OccConflictException>(() => writer.CommitAsync());
    }

    [Fact]
    public async Task Commit_MoreThan3000Rows_RefusedWith54000AndNothingApplied()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        using var tx = db.Begin();
        for (var i = 0; i < 3_001; i++)
        {
            tx.Upsert(table, i, new Counter(i));
        }

        var error = await Assert.ThrowsAsync<TransactionLimitExceededException>(() => tx.CommitAsync());

        Assert.Equal("54000", error.SqlState);
        Assert.Equal("rows per transaction", error.Limit);
        Assert.Null(Read(db, table, 0));
        Assert.Equal(1, db.GetStatistics().Aborts);
    }

    [Fact]
    public async Task Commit_Exactly3000Rows_Commits()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        using var tx = db.Begin();
        for (var i = 0; i < 3_000; i++)
        {
            tx.Upsert(table, i, new Counter(i));
        }
        await tx.CommitAsync();

        Assert.Equal(2_999, Read(db, table, 2_999));
    }

    [Fact]
    public async Task Commit_MoreThan10MiB_RefusedAndNothingApplied()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        using var tx = db.Begin();
        for (var i = 0; i < 11; i++)
        {
            tx.Upsert(table, i, new Counter(i, new byte[1024 * 1024 - 100]));
        }

        var error = await Assert.ThrowsAsync<TransactionLimitExceededException>(() => tx.CommitAsync());

        Assert.Equal("bytes per transaction", error.Limit);
        Assert.Null(Read(db, table, 0));
    }

    [Fact]
    public async Task Commit_ColumnOver1MiB_RefusedAndNothingApplied()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        using var tx = db.Begin();
        tx.Upsert(table, 1, new Counter(1, new byte[1024 * 1024 + 1]));

        var error = await Assert.ThrowsAsync<TransactionLimitExceededException>(() => tx.CommitAsync());

        Assert.Equal("column size", error.Limit);
        Assert.Contains("counters.payload", error.Message, StringComparison.Ordinal);
        Assert.Null(Read(db, table, 1));
    }

    [Fact]
    public async Task Commit_TransactionOlderThanFiveMinutes_RefusedAndNothingApplied()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        using var tx = db.Begin();
        tx.Upsert(table, 1, new Counter(1));
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<TransactionLimitExceededException>(() => tx.CommitAsync());

        Assert.Equal("transaction age", error.Limit);
        Assert.Null(Read(db, table, 1));
    }

    [Fact]
    public async Task Commit_WithInjectedLatency_CompletesOnlyWhenTheClockAdvances()
    {
        var latency = TimeSpan.FromMilliseconds(8);
        var reads = 0;
        var db = new MvccDatabase(_time, () =>
        {
            reads++;
            return latency;
        });
        var table = Counters(db);
        using var tx = db.Begin();
        tx.Upsert(table, 1, new Counter(1));

        var commit = tx.CommitAsync();
        Assert.False(commit.IsCompleted);
        Assert.Null(Read(db, table, 1));
        _time.Advance(TimeSpan.FromMilliseconds(7));
        Assert.False(commit.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await commit.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, Read(db, table, 1));
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task Commit_LatencyChangedLive_NextCommitUsesNewValue()
    {
        var latency = TimeSpan.FromMilliseconds(8);
        var db = new MvccDatabase(_time, () => latency);
        var table = Counters(db);
        latency = TimeSpan.Zero;

        using var tx = db.Begin();
        tx.Upsert(table, 1, new Counter(1));
        // The fake clock never moves: only a commit that skips the old 8 ms latency can finish.
        await tx.CommitAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, Read(db, table, 1));
    }

    [Fact]
    public async Task Commit_ReadOnly_SkipsLatencyAndCountsAsReadOnly()
    {
        var db = new MvccDatabase(_time, () => TimeSpan.FromSeconds(1));
        var table = Counters(db);
        using var tx = db.Begin();
        tx.Get(table, 1);

        var commit = tx.CommitAsync();

        Assert.True(commit.IsCompletedSuccessfully);
        await commit;
        Assert.Equal(1, db.GetStatistics().ReadOnlyCommits);
        Assert.Equal(0, db.GetStatistics().OpenTransactions);
    }

    [Fact]
    public async Task CollectGarbage_VersionNeededByOpenSnapshot_IsKeptUntilItCloses()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        await PutAsync(db, table, 1, 1);
        var old = db.Begin();
        for (var i = 2; i <= 5; i++)
        {
            await PutAsync(db, table, 1, i);
        }

        db.CollectGarbage();
        Assert.Equal(1, old.Get(table, 1)?.Value);
        old.Dispose();

        var dropped = db.CollectGarbage();
        Assert.Equal(4, dropped);
        Assert.Equal(5, Read(db, table, 1));
    }

    [Fact]
    public async Task CollectGarbage_DeletedRowNoSnapshotNeeds_LeavesTheTable()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        await PutAsync(db, table, 1, 1);
        await PutAsync(db, table, 2, 2);
        var old = db.Begin();
        using (var tx = db.Begin())
        {
            tx.Delete(table, 1);
            await tx.CommitAsync();
        }

        db.CollectGarbage();
        Assert.Equal(2, table.PhysicalRowCount);
        Assert.Equal(1, old.Get(table, 1)?.Value);
        old.Dispose();
        db.CollectGarbage();

        Assert.Equal(1, table.PhysicalRowCount);
        Assert.Equal(1, db.GetStatistics().RowsCollected);
        Assert.Null(Read(db, table, 1));
        await PutAsync(db, table, 1, 3);
        Assert.Equal(3, Read(db, table, 1));
    }

    [Fact]
    public async Task CollectGarbage_ManyOverwrites_KeepsOneVersionPerRow()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        for (var i = 0; i < 2_000; i++)
        {
            await PutAsync(db, table, i % 10, i);
        }

        db.CollectGarbage();

        var stats = db.GetStatistics();
        Assert.Equal(2_000 - 10, stats.VersionsCollected);
        Assert.Equal(1_999, Read(db, table, 9));
    }

    [Fact]
    public async Task Scan_RangeWithOwnWrites_MergesInKeyOrderAndHonoursLimit()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        for (var i = 0; i < 10; i++)
        {
            await PutAsync(db, table, i * 10, i);
        }
        using var tx = db.Begin();
        tx.Delete(table, 20);
        tx.Upsert(table, 15, new Counter(-1));

        var ascending = tx.Scan(table, KeyRange.OpenClosed(10L, 50L), limit: 3);
        var descending = tx.Scan(table, KeyRange.Closed(0L, 90L), limit: 2, descending: true);

        Assert.Equal([15L, 30L, 40L], ascending.Select(r => r.Key));
        Assert.Equal([90L, 80L], descending.Select(r => r.Key));
        Assert.Equal(10, tx.Count(table, KeyRange.All<long>()));
    }

    [Fact]
    public async Task Scan_MoreRowsThanOneChunk_ReturnsAllInOrder()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        using (var tx = db.Begin())
        {
            for (var i = 0; i < 1_000; i++)
            {
                tx.Upsert(table, i, new Counter(i));
            }
            await tx.CommitAsync();
        }

        using var reader = db.Begin();
        var rows = reader.Scan(table, KeyRange.All<long>());
        var reversed = reader.Scan(table, KeyRange.All<long>(), descending: true);

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => (long)i), rows.Select(r => r.Key));
        Assert.Equal(Enumerable.Range(0, 1_000).Reverse().Select(i => (long)i), reversed.Select(r => r.Key));
    }

    [Fact]
    public void Dispose_WithoutCommit_AppliesNothingAndCountsAnAbort()
    {
        var db = new MvccDatabase(_time);
        var table = Counters(db);
        using (var tx = db.Begin())
        {
            tx.Upsert(table, 1, new Counter(1));
        }

        Assert.Null(Read(db, table, 1));
        Assert.Equal(1, db.GetStatistics().Aborts);
        Assert.Equal(0, db.GetStatistics().OpenTransactions);
    }
}
