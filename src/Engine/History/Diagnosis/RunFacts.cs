using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;

namespace Fencepost.Engine.History.Diagnosis;

/// <summary>Everything a diagnosis reads about one run, gathered at <see cref="Now"/>.</summary>
internal sealed record RunFacts(
    MutableState State,
    DateTimeOffset Now,
    ShardFacts Shard,
    IReadOnlyList<QueueFacts> Queues,
    IReadOnlyList<OutstandingTask> Tasks,
    TimeSpan PollerFreshness)
{
    public QueueFacts? Queue(string name, int taskType) => Queues.FirstOrDefault(q => q.Name == name && q.TaskType == taskType);
}

/// <summary>The run's shard: who the store says owns it, and whether this node should own it but does not.</summary>
internal sealed record ShardFacts(int ShardId, string StoredOwner, string HostId, bool MissingHere, long? CommittedTransactions);

/// <summary>A task queue as this node's matching sees it; <see cref="KnownHere"/> false when it never saw it.</summary>
internal sealed record QueueFacts(string Name, int TaskType, bool KnownHere, DateTimeOffset? LastPoll, int WaitingPollers, int Backlog);

/// <summary>A shard task of the run still in the store (not yet done, or done but not yet deleted); a transfer task has no due time (it is due at once).</summary>
internal sealed record OutstandingTask(ShardTaskCategory Category, ShardTaskKind Kind, DateTimeOffset? DueTime);
