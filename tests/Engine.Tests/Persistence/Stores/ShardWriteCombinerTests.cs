using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Tests.Persistence.Stores;

public sealed class ShardWriteCombinerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WriteAsync_ShardsWaitingBehindATransaction_CommitTogetherInTheNext()
    {
        var store = new ScriptedStore();
        using var combiner = store.Combiner(maxInFlight: 1);
        var first = Write(combiner, Request(1), CancellationToken.None);
        await store.Started(1);

        var waiting = new[] { 2, 3, 4 }.Select(shard => Write(combiner, Request(shard), CancellationToken.None)).ToList();
        store.Release(1);
        await first.WaitAsync(Wait);
        await Task.WhenAll(waiting).WaitAsync(Wait);

        Assert.Equal(["1", "2+3+4"], store.Transactions);
        Assert.Equal([1, 3], store.ShardsPerTransaction);
    }

    [Fact]
    public async Task WriteAsync_OneShardWritingTwice_NeverTwiceInOneTransactionAndInOrder()
    {
        var store = new ScriptedStore();
        using var combiner = store.Combiner(maxInFlight: 1);
        var blocker = Write(combiner, Request(9), CancellationToken.None);
        await store.Started(1);

        var a = Write(combiner, Request(1, tag: "a"), CancellationToken.None);
        var b = Write(combiner, Request(1, tag: "b"), CancellationToken.None);
        var c = Write(combiner, Request(2, tag: "c"), CancellationToken.None);
        store.Release(1);
        await Task.WhenAll(blocker, a, b, c).WaitAsync(Wait);

        Assert.Equal(["9", "1a+2c", "1b"], store.Transactions);
    }

    [Fact]
    public async Task WriteAsync_OneShardDeposedInACombinedTransaction_OnlyItFailsTheOthersCommitAlone()
    {
        var store = new ScriptedStore { DeposedShard = 3 };
        using var combiner = store.Combiner(maxInFlight: 1);
        var blocker = Write(combiner, Request(9), CancellationToken.None);
        await store.Started(1);

        var writes = new[] { 2, 3, 4 }.ToDictionary(shard => shard, shard => Write(combiner, Request(shard), CancellationToken.None));
        store.Release(1);
        await blocker.WaitAsync(Wait);

        await writes[2].WaitAsync(Wait);
        await writes[4].WaitAsync(Wait);
        var lost = await Assert.ThrowsAsync<ShardOwnershipLostException>(() => writes[3].WaitAsync(Wait));
        Assert.Equal(3, lost.ShardId);
        Assert.Contains("2+3+4 failed", store.Transactions);
        Assert.Equal(["2", "4"], store.Committed.Where(t => t != "9").Order());
    }

    [Fact]
    public async Task WriteAsync_CombinedTransactionFailsWithANonPersistenceError_EveryoneGetsIt()
    {
        var store = new ScriptedStore { FailTogetherWith = new InvalidOperationException("broken") };
        using var combiner = store.Combiner(maxInFlight: 1);
        var blocker = Write(combiner, Request(9), CancellationToken.None);
        await store.Started(1);

        var writes = new[] { 2, 3 }.Select(shard => Write(combiner, Request(shard), CancellationToken.None)).ToList();
        store.Release(1);

        foreach (var write in writes)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => write.WaitAsync(Wait));
            Assert.Equal("broken", error.Message);
        }
        Assert.Equal(["9"], store.Committed);
    }

    [Fact]
    public async Task WriteAsync_CombinedCommitsAnswerLost_EveryoneHearsTheUnknownOutcomeAndNothingIsWrittenAgain()
    {
        var lost = new CommitOutcomeUnknownException("ShardWrite", new IOException("connection reset"));
        var store = new ScriptedStore { FailTogetherWith = lost };
        using var combiner = store.Combiner(maxInFlight: 1);
        var blocker = Write(combiner, Request(9), CancellationToken.None);
        await store.Started(1);

        var writes = new[] { 2, 3 }.Select(shard => Write(combiner, Request(shard), CancellationToken.None)).ToList();
        store.Release(1);
        await blocker.WaitAsync(Wait);

        foreach (var write in writes)
        {
            Assert.Same(lost, await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => write.WaitAsync(Wait)));
        }
        // Written again alone, each would fail its version check and say "not committed" when it may have.
        Assert.Equal(["9", "2+3 failed"], store.Transactions);
    }

    [Fact]
    public async Task WriteAsync_CancelledWhileQueued_IsNeverWritten()
    {
        var store = new ScriptedStore();
        using var combiner = store.Combiner(maxInFlight: 1);
        var blocker = Write(combiner, Request(9), CancellationToken.None);
        await store.Started(1);

        using var cancel = new CancellationTokenSource();
        var abandoned = Write(combiner, Request(2), cancel.Token);
        var kept = Write(combiner, Request(3), CancellationToken.None);
        await cancel.CancelAsync();
        store.Release(1);
        await Task.WhenAll(blocker, kept).WaitAsync(Wait);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(["9", "3"], store.Transactions);
    }

    [Fact]
    public async Task WriteAsync_TwoTransactionsAllowed_SecondStartsWhileFirstRuns()
    {
        var store = new ScriptedStore { Hold = 2 };
        using var combiner = store.Combiner(maxInFlight: 2);
        var first = Write(combiner, Request(1), CancellationToken.None);
        await store.Started(1);

        var second = Write(combiner, Request(2), CancellationToken.None);
        await store.Started(2);
        store.Release(2);
        await second.WaitAsync(Wait);

        Assert.False(first.IsCompleted);
        store.Release(1);
        await first.WaitAsync(Wait);
    }

    [Fact]
    public async Task WriteAsync_RequestsOverDsqlsRowBudgetTogether_GoInSeparateTransactions()
    {
        var store = new ScriptedStore();
        using var combiner = store.Combiner(maxInFlight: 1);
        var blocker = Write(combiner, Request(9), CancellationToken.None);
        await store.Started(1);

        // 1,600 history rows each: two of them together would pass DSQL's 3,000 rows.
        var writes = new[] { 1, 2 }.Select(shard => Write(combiner, Request(shard, historyRows: 1_600), CancellationToken.None)).ToList();
        store.Release(1);
        await Task.WhenAll(writes.Append(blocker)).WaitAsync(Wait);

        Assert.Equal(["9", "1", "2"], store.Transactions);
    }

    [Fact]
    public async Task WriteWhenReadyAsync_WaitingForATransaction_TakesItsRequestOnlyWhenItsTransactionStarts()
    {
        var store = new ScriptedStore();
        using var combiner = store.Combiner(maxInFlight: 1);
        var blocker = Write(combiner, Request(9), CancellationToken.None);
        await store.Started(1);

        // The shard's queue grows while its write waits; what is bound is what is queued by then.
        var tag = "a";
        var binds = 0;
        var deferred = combiner.WriteWhenReadyAsync(2, () =>
        {
            binds++;
            return Request(2, tag);
        }, CancellationToken.None);
        tag = "abc";
        Assert.Equal(0, binds);
        store.Release(1);
        await Task.WhenAll(blocker, deferred).WaitAsync(Wait);

        Assert.Equal(1, binds);
        Assert.Equal(["9", "2abc"], store.Transactions);
    }

    [Fact]
    public async Task WriteWhenReadyAsync_WriterQueuesItsNextWriteWhenItHearsOfItsCommit_JoinsTheVeryNextTransaction()
    {
        var store = new ScriptedStore();
        using var combiner = store.Combiner(maxInFlight: 1);
        Task? next = null;
        // A shard writer with more queued: on hearing its commit it hands over its next write at once.
        var first = combiner.WriteWhenReadyAsync(1, () => Request(1, "a"), CancellationToken.None)
            .ContinueWith(_ => next = combiner.WriteWhenReadyAsync(1, () => Request(1, "b"), CancellationToken.None), TaskContinuationOptions.ExecuteSynchronously);
        await store.Started(1);
        var others = new[] { 2, 3 }.Select(shard => combiner.WriteWhenReadyAsync(shard, () => Request(shard), CancellationToken.None)).ToList();

        store.Release(1);
        await first.WaitAsync(Wait);
        await Task.WhenAll(others.Append(next!)).WaitAsync(Wait);

        // Not "2+3" and then "1b" alone: the writer heard of its commit before the next transaction formed.
        Assert.Equal(["1a", "2+3+1b"], store.Transactions);
    }

    [Fact]
    public async Task WriteWhenReadyAsync_BindThrows_OnlyThatWriteFails()
    {
        var store = new ScriptedStore();
        using var combiner = store.Combiner(maxInFlight: 1);
        var blocker = Write(combiner, Request(9), CancellationToken.None);
        await store.Started(1);

        var broken = combiner.WriteWhenReadyAsync(2, () => throw new InvalidOperationException("no batch"), CancellationToken.None);
        var kept = combiner.WriteWhenReadyAsync(3, () => Request(3), CancellationToken.None);
        store.Release(1);
        await Task.WhenAll(blocker, kept).WaitAsync(Wait);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => broken.WaitAsync(Wait));
        Assert.Equal("no batch", error.Message);
        Assert.Equal(["9", "3"], store.Transactions);
    }

    [Fact]
    public async Task WriteWhenReadyAsync_CancelledWhileQueued_IsNeverBound()
    {
        var store = new ScriptedStore();
        using var combiner = store.Combiner(maxInFlight: 1);
        var blocker = Write(combiner, Request(9), CancellationToken.None);
        await store.Started(1);

        using var cancel = new CancellationTokenSource();
        var bound = false;
        var abandoned = combiner.WriteWhenReadyAsync(2, () =>
        {
            bound = true;
            return Request(2);
        }, cancel.Token);
        await cancel.CancelAsync();
        store.Release(1);
        await blocker.WaitAsync(Wait);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.False(bound);
        Assert.Equal(["9"], store.Transactions);
    }

    [Fact]
    public async Task WriteWhenReadyAsync_BoundRequestsOverDsqlsRowBudgetTogether_AreSplitIntoSeparateTransactions()
    {
        var store = new ScriptedStore();
        using var combiner = store.Combiner(maxInFlight: 1);
        var blocker = Write(combiner, Request(9), CancellationToken.None);
        await store.Started(1);

        // Their sizes are unknown until bound: 1,600 history rows each, over 3,000 together.
        var writes = new[] { 1, 2, 3 }.Select(shard => combiner.WriteWhenReadyAsync(shard, () => Request(shard, historyRows: shard == 3 ? 0 : 1_600), CancellationToken.None)).ToList();
        store.Release(1);
        await Task.WhenAll(writes.Append(blocker)).WaitAsync(Wait);

        Assert.Equal(["1", "2+3"], store.Transactions.Skip(1).Order());
        Assert.All(store.ShardsPerTransaction.Skip(1), shards => Assert.True(shards <= 2));
    }

    private static Task Write(ShardWriteCombiner combiner, ShardWriteRequest request, CancellationToken cancellationToken) =>
        combiner.WriteAsync(request, cancellationToken);

    private static ShardWriteRequest Request(int shardId, string tag = "", int historyRows = 0)
    {
        var request = new ShardWriteRequest(shardId, RangeId: 1);
        request.Tasks.Add(new ShardTaskRecord(ShardTaskCategory.Transfer, 1, DateTimeOffset.UnixEpoch, System.Text.Encoding.UTF8.GetBytes(tag)));
        var run = Guid.NewGuid();
        for (var i = 0; i < historyRows; i++)
        {
            request.History.Add(new HistoryNode(run, run, i + 1, 1, 1, [1]));
        }
        return request;
    }

    /// <summary>
    /// Records every transaction as the shards it carried ("2+3+4"), commits or fails them as
    /// scripted, and holds the first ones open until the test releases them.
    /// </summary>
    private sealed class ScriptedStore
    {
        private readonly Lock _lock = new();
        private readonly List<string> _transactions = [];
        private readonly List<string> _committed = [];
        private readonly List<TaskCompletionSource> _started = [];
        private readonly List<TaskCompletionSource> _released = [];

        /// <summary>How many of the first transactions wait for <see cref="Release"/>.</summary>
        public int Hold { get; init; } = 1;

        public int? DeposedShard { get; init; }

        public Exception? FailTogetherWith { get; init; }

        public IReadOnlyList<string> Transactions
        {
            get
            {
                lock (_lock) return [.. _transactions];
            }
        }

        public IReadOnlyList<string> Committed
        {
            get
            {
                lock (_lock) return [.. _committed];
            }
        }

        public List<int> ShardsPerTransaction { get; } = [];

        public ShardWriteCombiner Combiner(int maxInFlight) => new(WriteTogetherAsync, WriteAloneAsync, WriteAloneAsync, maxInFlight, shards =>
        {
            lock (_lock) ShardsPerTransaction.Add(shards);
        });

        /// <summary>Completes when the <paramref name="n"/>th transaction (1-based) has started.</summary>
        public Task Started(int n) => Gate(_started, n).Task.WaitAsync(Wait);

        public void Release(int n) => Gate(_released, n).TrySetResult();

        private async Task WriteTogetherAsync(IReadOnlyList<ShardWriteRequest> requests, CancellationToken ct)
        {
            var name = string.Join('+', requests.Select(Name));
            await BeginAsync(name);
            if (FailTogetherWith is { } failure)
            {
                Fail(name);
                throw failure;
            }
            if (requests.FirstOrDefault(r => r.ShardId == DeposedShard) is { } deposed)
            {
                Fail(name);
                throw new ShardOwnershipLostException(deposed.ShardId, deposed.RangeId, deposed.RangeId + 1);
            }
            Commit(name);
        }

        private async Task WriteAloneAsync(ShardWriteRequest request, CancellationToken ct)
        {
            var name = Name(request);
            await BeginAsync(name);
            if (request.ShardId == DeposedShard)
            {
                Fail(name);
                throw new ShardOwnershipLostException(request.ShardId, request.RangeId, request.RangeId + 1);
            }
            Commit(name);
        }

        private async Task BeginAsync(string name)
        {
            int n;
            lock (_lock)
            {
                _transactions.Add(name);
                n = _transactions.Count;
            }
            Gate(_started, n).TrySetResult();
            if (n <= Hold)
            {
                await Gate(_released, n).Task.WaitAsync(Wait);
            }
        }

        private void Commit(string name)
        {
            lock (_lock) _committed.Add(name);
        }

        private void Fail(string name)
        {
            lock (_lock)
            {
                var i = _transactions.LastIndexOf(name);
                _transactions[i] = name + " failed";
            }
        }

        private TaskCompletionSource Gate(List<TaskCompletionSource> gates, int n)
        {
            lock (_lock)
            {
                while (gates.Count < n) gates.Add(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                return gates[n - 1];
            }
        }

        private static string Name(ShardWriteRequest request) =>
            request.ShardId + System.Text.Encoding.UTF8.GetString(request.Tasks[0].Data);
    }
}
