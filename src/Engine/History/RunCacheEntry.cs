using Fencepost.Engine.History.Updates;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

/// <summary>A cached run: its lock, its mutable state and (when loaded) its full history.</summary>
internal sealed class RunCacheEntry(WorkflowKey key)
{
    public WorkflowKey Key { get; } = key;

    /// <summary>Serialises read-modify-write of this run (held across its shard write, never across anything else).</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    public MutableState? State { get; set; }

    /// <summary>All events of the run when known, so workflow tasks do not re-read history.</summary>
    public List<HistoryEvent>? Events { get; set; }

    /// <summary>
    /// The run's updates that exist only in memory (admitted, not yet answered). Not cleared by
    /// <see cref="Invalidate"/>: it changes only after commits, so it agrees with the stored run;
    /// the entry is not evicted while an update is in flight.
    /// </summary>
    public RunUpdates Updates { get; } = new();

    internal int References { get; set; }

    internal LinkedListNode<RunCacheEntry>? Node { get; set; }

    /// <summary>Forgets everything cached, after a failed write or when the shard is lost.</summary>
    public void Invalidate()
    {
        State = null;
        Events = null;
    }
}
