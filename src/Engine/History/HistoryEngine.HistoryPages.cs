using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// Reading part of a run's history without reading all of it: a page of GetWorkflowExecutionHistory,
/// or the close event alone. A run whose history is cached is sliced; otherwise only the history nodes
/// that hold the events asked for are read from the store, so a viewer paging through a run of 50,000
/// events costs one page, not the run.
/// </summary>
internal sealed partial class HistoryEngine
{
    /// <summary>How far back the first look for the node holding an event reaches; each further look reaches 16 times as far.</summary>
    private const long FirstNodeLookBack = 16;

    /// <summary>Nodes asked of the store at a time while reading a range forward.</summary>
    private const int RangeReadNodes = 64;

    /// <summary>
    /// The run's state as it stands and the events <paramref name="range"/> picks from it (clipped to the
    /// events written), or null events when <paramref name="range"/> returns null.
    /// </summary>
    public async Task<RunEvents> ReadEventsAsync(WorkflowKey key, Func<MutableState, EventRange?> range, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(key.NamespaceId, key.WorkflowId, cancellationToken).ConfigureAwait(false);
        using var lease = await shard.Cache.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var entry = lease.Entry;
        try
        {
            var state = await LoadStateAsync(shard, entry, cancellationToken).ConfigureAwait(false);
            if (range(state) is not { } wanted)
            {
                return new RunEvents(state.IsRunning, state.NextEventId, null);
            }
            var from = Math.Max(1, wanted.From);
            var to = Math.Min(wanted.ToExclusive, state.NextEventId);
            List<HistoryEvent> events = to <= from ? []
                : entry.Events is { } cached ? cached.GetRange((int)Math.Min(from - 1, cached.Count), (int)Math.Clamp(cached.Count - from + 1, 0, to - from))
                : await ReadHistoryRangeAsync(shard.ShardId, state.RunId, from, to, cancellationToken).ConfigureAwait(false);
            return new RunEvents(state.IsRunning, state.NextEventId, events);
        }
        catch
        {
            entry.Invalidate();
            throw;
        }
    }

    /// <summary>Events <paramref name="from"/> to <paramref name="toExclusive"/> of the run, from the nodes holding them only.</summary>
    internal async Task<List<HistoryEvent>> ReadHistoryRangeAsync(int shardId, Guid runId, long from, long toExclusive, CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>((int)Math.Min(toExclusive - from, 4096));
        var expected = from;
        byte[]? token = null;
        var start = await FirstNodeOfAsync(shardId, runId, from, cancellationToken).ConfigureAwait(false);
        do
        {
            var page = await store.History.ReadAsync(shardId, runId, runId, start, toExclusive, RangeReadNodes, token, cancellationToken).ConfigureAwait(false);
            foreach (var node in page.Items)
            {
                foreach (var historyEvent in Temporalio.Api.History.V1.History.Parser.ParseFrom(node.Data).Events)
                {
                    // Events before the range share its first node; ids stay contiguous, as in a whole read.
                    if (historyEvent.EventId == expected && expected < toExclusive)
                    {
                        events.Add(historyEvent);
                        expected++;
                    }
                }
            }
            token = expected < toExclusive ? page.NextPageToken : null;
        }
        while (token is not null);
        return events;
    }

    /// <summary>
    /// The id of the node holding event <paramref name="eventId"/>: nodes are keyed by their first event, so
    /// it is the last node at or before it. Looked for in windows reaching further back each time, and
    /// only as far as a batch of events reaches.
    /// </summary>
    private async Task<long> FirstNodeOfAsync(int shardId, Guid runId, long eventId, CancellationToken cancellationToken)
    {
        var high = eventId + 1;
        for (var reach = FirstNodeLookBack; ; reach *= 16)
        {
            var low = Math.Max(1, eventId - reach + 1);
            long? last = null;
            byte[]? token = null;
            do
            {
                var page = await store.History.ReadAsync(shardId, runId, runId, low, high, RangeReadNodes, token, cancellationToken).ConfigureAwait(false);
                foreach (var node in page.Items)
                {
                    last = node.NodeId;
                }
                token = page.NextPageToken;
            }
            while (token is not null);
            if (last is { } found)
            {
                return found;
            }
            if (low == 1)
            {
                return 1;
            }
            high = low;
        }
    }
}
