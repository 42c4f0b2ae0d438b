using Fencepost.Diagnostics.Conflicts;
using Fencepost.Diagnostics.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Diagnostics.Tests.Conflicts;

public class ConflictLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void TopKeys_SeveralKeys_OrdersByCountWithRateRetriesAndOperations()
    {
        var log = new ConflictLog(_time);
        var hot = $"wf-{Guid.NewGuid()}";
        var cold = $"wf-{Guid.NewGuid()}";
        Record(log, hot, operation: "UpdateWorkflowExecution", times: 3);
        Record(log, hot, operation: "CreateWorkflowExecution", times: 1, exhausted: true);
        Record(log, cold, times: 1);

        var top = log.TopKeys(new ConflictQuery { Window = TimeSpan.FromMinutes(1) });

        Assert.Equal([hot, cold], top.Select(k => k.Key));
        var first = top[0];
        Assert.Equal(4, first.Count);
        Assert.Equal(3, first.Retries);
        Assert.Equal(1, first.Exhausted);
        Assert.Equal(4 / 60.0, first.RatePerSecond, 6);
        Assert.Equal("executions", first.Table);
        Assert.Equal(7, first.ShardId);
        Assert.Equal(
            [new ConflictOperationCount("UpdateWorkflowExecution", 3), new ConflictOperationCount("CreateWorkflowExecution", 1)],
            first.Operations);
        Assert.Equal(_time.GetUtcNow(), first.LastSeen);
    }

    [Fact]
    public void TopKeys_TopLimit_ReturnsOnlyThatMany()
    {
        var log = new ConflictLog(_time);
        for (var i = 0; i < 5; i++)
        {
            Record(log, $"k{i}-{Guid.NewGuid()}", times: i + 1);
        }

        var top = log.TopKeys(new ConflictQuery { Top = 2 });

        Assert.Equal([5L, 4L], top.Select(k => k.Count));
    }

    [Fact]
    public void TopKeys_Filters_MatchEveryGivenField()
    {
        var log = new ConflictLog(_time);
        var id = Guid.NewGuid().ToString();
        log.Record(Observation($"wf-{id}-a", table: "executions", shard: 1, store: "dsql", operation: "Update"));
        log.Record(Observation($"wf-{id}-b", table: "shards", shard: 2, store: "dsql", operation: "Acquire"));
        log.Record(Observation($"wf-{id}-c", table: "executions", shard: 2, store: "postgres", operation: "Update"));

        Assert.Equal([$"wf-{id}-a", $"wf-{id}-c"], Keys(log, new ConflictQuery { Table = "EXECUTIONS" }));
        Assert.Equal([$"wf-{id}-b", $"wf-{id}-c"], Keys(log, new ConflictQuery { ShardId = 2 }));
        Assert.Equal([$"wf-{id}-c"], Keys(log, new ConflictQuery { Store = "postgres" }));
        Assert.Equal([$"wf-{id}-b"], Keys(log, new ConflictQuery { Operation = "acquire" }));
        Assert.Equal([$"wf-{id}-a"], Keys(log, new ConflictQuery { KeyContains = "-A", Table = "executions", Store = "dsql" }));
    }

    [Fact]
    public void TopKeys_WindowExcludesOlderConflicts()
    {
        var log = new ConflictLog(_time);
        var old = $"old-{Guid.NewGuid()}";
        Record(log, old, times: 1);
        _time.Advance(TimeSpan.FromSeconds(61));
        var recent = $"new-{Guid.NewGuid()}";
        Record(log, recent, times: 1);

        Assert.Equal([recent], Keys(log, new ConflictQuery { Window = TimeSpan.FromMinutes(1) }));
        Assert.Equal([recent, old], Keys(log, new ConflictQuery { Window = TimeSpan.FromMinutes(5) }));
    }

    [Fact]
    public void TopKeys_ComparedWithPreviousWindow_ReportsTrend()
    {
        var log = new ConflictLog(_time);
        var rising = $"rising-{Guid.NewGuid()}";
        var falling = $"falling-{Guid.NewGuid()}";
        var steady = $"steady-{Guid.NewGuid()}";
        var fresh = $"new-{Guid.NewGuid()}";
        Record(log, rising, times: 2);
        Record(log, falling, times: 10);
        Record(log, steady, times: 10);
        _time.Advance(TimeSpan.FromSeconds(60));
        Record(log, rising, times: 5);
        Record(log, falling, times: 2);
        Record(log, steady, times: 11);
        Record(log, fresh, times: 1);

        var trends = log.TopKeys(new ConflictQuery { Window = TimeSpan.FromMinutes(1) }).ToDictionary(k => k.Key);

        Assert.Equal(ConflictTrend.Rising, trends[rising].Trend);
        Assert.Equal(2, trends[rising].PreviousCount);
        Assert.Equal(ConflictTrend.Falling, trends[falling].Trend);
        Assert.Equal(ConflictTrend.Steady, trends[steady].Trend);
        Assert.Equal(ConflictTrend.New, trends[fresh].Trend);
        Assert.Equal(0, trends[fresh].PreviousCount);
    }

    [Fact]
    public void TopKeys_PreviousWindowBeyondRetention_TrendUnknown()
    {
        var log = new ConflictLog(_time, new ConflictLogOptions { Retention = TimeSpan.FromMinutes(10) });
        Record(log, $"k-{Guid.NewGuid()}", times: 1);

        var summary = Assert.Single(log.TopKeys(new ConflictQuery { Window = TimeSpan.FromMinutes(6) }));

        Assert.Equal(ConflictTrend.Unknown, summary.Trend);
        Assert.Null(summary.PreviousCount);
    }

    [Fact]
    public void Record_AfterRetention_RecyclesOldBuckets()
    {
        var log = new ConflictLog(_time, new ConflictLogOptions { Retention = TimeSpan.FromSeconds(10) });
        var old = $"old-{Guid.NewGuid()}";
        Record(log, old, times: 3);
        _time.Advance(TimeSpan.FromSeconds(10));
        var recent = $"new-{Guid.NewGuid()}";
        Record(log, recent, times: 1);

        var top = log.TopKeys(new ConflictQuery { Window = TimeSpan.FromHours(1) });

        Assert.Equal([recent], top.Select(k => k.Key));
    }

    [Fact]
    public void Record_MoreKeysThanBudget_FoldsExcessIntoOtherKey()
    {
        var log = new ConflictLog(_time, new ConflictLogOptions { MaxKeysPerSecond = 3 });
        for (var i = 0; i < 10; i++)
        {
            Record(log, $"k{i}-{Guid.NewGuid()}", times: 1);
        }

        var top = log.TopKeys(new ConflictQuery { Top = 100 });

        Assert.Equal(4, top.Count);
        var other = Assert.Single(top, k => k.Key == "(other)");
        Assert.Equal(7, other.Count);
        Assert.Null(other.ShardId);
        Assert.Equal(10, top.Sum(k => k.Count));
    }

    [Fact]
    public void Heatmap_TopKeysByColumn_CountsLandInTheirTimeSlice()
    {
        var log = new ConflictLog(_time);
        var a = $"a-{Guid.NewGuid()}";
        var b = $"b-{Guid.NewGuid()}";
        var from = _time.GetUtcNow();
        Record(log, a, times: 2);
        _time.Advance(TimeSpan.FromSeconds(30));
        Record(log, a, times: 1);
        Record(log, b, times: 1);
        _time.Advance(TimeSpan.FromSeconds(29));
        Record(log, b, times: 5);

        var map = log.Heatmap(new ConflictQuery { Window = TimeSpan.FromMinutes(1), Top = 5 }, columns: 6);

        Assert.Equal(6, map.Columns);
        Assert.Equal(TimeSpan.FromSeconds(10), map.ColumnWidth);
        Assert.Equal(from, map.From);
        Assert.Equal(from + TimeSpan.FromSeconds(30), map.ColumnStart(3));
        Assert.Equal([b, a], map.Rows.Select(r => r.Key));
        Assert.Equal([0L, 0, 0, 1, 0, 5], map.Rows[0].Counts);
        Assert.Equal([2L, 0, 0, 1, 0, 0], map.Rows[1].Counts);
    }

    [Fact]
    public void Heatmap_MoreColumnsThanSeconds_ColumnsAreOneSecond()
    {
        var log = new ConflictLog(_time);
        Record(log, $"k-{Guid.NewGuid()}", times: 1);

        var map = log.Heatmap(new ConflictQuery { Window = TimeSpan.FromSeconds(5) }, columns: 50);

        Assert.Equal(5, map.Columns);
        Assert.Equal(TimeSpan.FromSeconds(1), map.ColumnWidth);
        Assert.Equal([0L, 0, 0, 0, 1], Assert.Single(map.Rows).Counts);
    }

    [Fact]
    public void TableTotals_SumsEveryKeyOfATable()
    {
        var log = new ConflictLog(_time);
        Record(log, $"a-{Guid.NewGuid()}", times: 2);
        Record(log, $"b-{Guid.NewGuid()}", times: 1, exhausted: true);
        log.Record(Observation($"s-{Guid.NewGuid()}", table: "shards"));

        var totals = log.TableTotals(new ConflictQuery { Window = TimeSpan.FromSeconds(10) });

        Assert.Equal(
            [new ConflictTableTotal("executions", 3, 0.3, 2, 1), new ConflictTableTotal("shards", 1, 0.1, 1, 0)],
            totals);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryError()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ConflictLog(_time, new ConflictLogOptions { Retention = TimeSpan.Zero, MaxKeysPerSecond = 0 }));

        Assert.Contains("Retention", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxKeysPerSecond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_ConcurrentWriters_LosesNoConflict()
    {
        var log = new ConflictLog(_time);
        var key = $"race-{Guid.NewGuid()}";
        const int writers = 8;
        const int perWriter = 5_000;
        using var go = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            go.Wait();
            for (var i = 0; i < perWriter; i++)
            {
                log.Record(Observation(key, operation: $"op{w % 2}"));
                if (w == 0 && i % 1000 == 0)
                {
                    // A reader racing the writers must see a consistent bucket, never throw.
                    _ = log.TopKeys(new ConflictQuery());
                }
            }
        })).ToArray();
        go.Set();
        await Task.WhenAll(tasks);

        var summary = Assert.Single(log.TopKeys(new ConflictQuery()));
        Assert.Equal(writers * perWriter, summary.Count);
        Assert.Equal(writers * perWriter / 2, summary.Operations[0].Count);
    }

    private static string[] Keys(ConflictLog log, ConflictQuery query) => [.. log.TopKeys(query).Select(k => k.Key).Order(StringComparer.Ordinal)];

    private void Record(ConflictLog log, string key, string operation = "UpdateWorkflowExecution", int times = 1, bool exhausted = false)
    {
        for (var i = 0; i < times; i++)
        {
            log.Record(Observation(key, operation: operation, exhausted: exhausted));
        }
    }

    private ConflictObservation Observation(
        string key,
        string table = "executions",
        int? shard = 7,
        string store = "dsql",
        string operation = "UpdateWorkflowExecution",
        bool exhausted = false) =>
        new(_time.GetUtcNow(), store, operation, table, shard, key, exhausted ? 6 : 1, exhausted, "OC000");
}
