using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Occ;

namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>
/// Faults the embedded emulator injects into writing commits, to see the engine survive what a real
/// DSQL does to it: storms of 40001 conflicts (<see cref="EmbeddedStoreOptions.ConflictRate"/>) and
/// commits whose answer is lost on the way back (<see cref="EmbeddedStoreOptions.LostCommitAnswerRate"/>,
/// or the next few of one operation via <see cref="LoseNextCommitAnswers"/>): the commit applied,
/// but the caller hears that its outcome is unknown, as when a connection breaks during COMMIT.
/// Rates are read at every commit, so they may change live.
/// </summary>
public sealed class EmbeddedFaultInjector(Func<EmbeddedStoreOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _answersToLose = new(StringComparer.Ordinal);
    private long _injectedConflicts;
    private long _lostAnswers;

    /// <summary>Conflicts injected so far.</summary>
    public long InjectedConflicts => Interlocked.Read(ref _injectedConflicts);

    /// <summary>Commits applied whose answer was lost so far.</summary>
    public long LostAnswers => Interlocked.Read(ref _lostAnswers);

    /// <summary>The next <paramref name="count"/> writing commits of <paramref name="operation"/> (e.g. ShardWrite) apply, and their callers hear the outcome is unknown.</summary>
    public void LoseNextCommitAnswers(string operation, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_lock)
        {
            _answersToLose[operation] = _answersToLose.GetValueOrDefault(operation) + count;
        }
    }

    /// <summary>Before a writing commit: throws an injected 40001 OC000 at the configured rate (nothing applied).</summary>
    internal void BeforeCommit(PersistenceOperation operation)
    {
        var rate = options().ConflictRate;
        if (rate > 0 && Random.Shared.NextDouble() < rate)
        {
            Interlocked.Increment(ref _injectedConflicts);
            throw new OccConflictException(OccConflictException.DataConflictCode,
                $"Injected conflict (ConflictRate {rate:0.###}): change conflicts with another transaction, please retry")
            {
                ConflictingKey = operation.Key,
            };
        }
    }

    /// <summary>After a writing commit applied: throws an unknown outcome when one is due.</summary>
    internal void AfterCommit(PersistenceOperation operation)
    {
        if (TakeScheduled(operation.Name) || (options().LostCommitAnswerRate is > 0 and var rate && Random.Shared.NextDouble() < rate))
        {
            Interlocked.Increment(ref _lostAnswers);
            throw new CommitOutcomeUnknownException(operation.Name, new IOException("Injected: the answer to this commit was lost on the way back."));
        }
    }

    private bool TakeScheduled(string operation)
    {
        lock (_lock)
        {
            if (!_answersToLose.TryGetValue(operation, out var left))
            {
                return false;
            }
            if (left <= 1)
            {
                _answersToLose.Remove(operation);
            }
            else
            {
                _answersToLose[operation] = left - 1;
            }
            return true;
        }
    }
}
