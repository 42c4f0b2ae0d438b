using Fencepost.Engine.Errors;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Update.V1;

namespace Fencepost.Engine.History.Updates;

/// <summary>
/// One run's updates that exist only in memory: those admitted and not yet accepted or rejected,
/// and the last few rejections (so a repeated request with a rejected update's id gets the same
/// answer while this node holds the run). Kept with the run's cache entry, which is not evicted
/// while an update is in flight, and changed only under the run's lock after the write that made
/// the change has committed; <see cref="AbortAll"/> may also come from the shard being let go.
/// </summary>
internal sealed class RunUpdates
{
    /// <summary>How many rejections a run remembers.</summary>
    public const int RememberedRejections = 16;

    private readonly Lock _gate = new();
    private Dictionary<string, InFlightUpdate>? _inFlight;
    private Queue<(string Id, Failure Failure)>? _rejections;
    private long _nextSequence;

    public int InFlightCount
    {
        get
        {
            lock (_gate) return _inFlight?.Count ?? 0;
        }
    }

    /// <summary>Whether an admitted update has not yet been sent on a workflow task.</summary>
    public bool HasUnsent
    {
        get
        {
            lock (_gate) return _inFlight?.Values.Any(u => !u.Sent) ?? false;
        }
    }

    public InFlightUpdate? Find(string updateId)
    {
        lock (_gate) return _inFlight?.GetValueOrDefault(updateId);
    }

    public Failure? FindRejection(string updateId)
    {
        lock (_gate)
        {
            foreach (var (id, failure) in _rejections ?? [])
            {
                if (id == updateId)
                {
                    return failure;
                }
            }
            return null;
        }
    }

    /// <summary>A new admitted update, not yet in the registry (see <see cref="Add"/>).</summary>
    public InFlightUpdate Create(Request request)
    {
        lock (_gate) return new InFlightUpdate(request, _nextSequence++);
    }

    /// <summary>Puts an admitted update in the registry (after the write that admitted it committed).</summary>
    public void Add(InFlightUpdate update)
    {
        lock (_gate)
        {
            _inFlight ??= new Dictionary<string, InFlightUpdate>(StringComparer.Ordinal);
            _inFlight.TryAdd(update.Id, update);
        }
    }

    /// <summary>The in-flight updates in admission order.</summary>
    public IReadOnlyList<InFlightUpdate> InAdmissionOrder()
    {
        lock (_gate) return _inFlight is null ? [] : [.. _inFlight.Values.OrderBy(u => u.Sequence)];
    }

    /// <summary>Takes the update out of the registry with <paramref name="resolution"/>, remembering a rejection.</summary>
    public void Resolve(string updateId, UpdateResolution resolution)
    {
        InFlightUpdate? update = null;
        lock (_gate)
        {
            _inFlight?.Remove(updateId, out update);
            if (resolution.Kind == UpdateResolutionKind.Rejected)
            {
                _rejections ??= new Queue<(string, Failure)>();
                _rejections.Enqueue((updateId, resolution.Rejection!));
                while (_rejections.Count > RememberedRejections)
                {
                    _rejections.Dequeue();
                }
            }
        }
        update?.TryResolve(resolution);
    }

    /// <summary>Ends every in-flight update with <paramref name="error"/> and forgets the rejections.</summary>
    public void AbortAll(ServiceErrorException error)
    {
        List<InFlightUpdate> aborted;
        lock (_gate)
        {
            aborted = _inFlight is null ? [] : [.. _inFlight.Values];
            _inFlight = null;
            _rejections = null;
        }
        foreach (var update in aborted)
        {
            update.TryResolve(UpdateResolution.Aborted(error));
        }
    }
}
