using Temporalio.Api.Update.V1;

namespace Fencepost.Engine.History.Updates;

/// <summary>
/// An update admitted to a run and not yet accepted or rejected by the workflow. It lives only in
/// memory, as in Temporal, because a rejection must leave nothing durable: if it is lost (the
/// engine restarts, the shard moves) its callers get UNAVAILABLE and the SDK sends it again.
/// </summary>
internal sealed class InFlightUpdate(Request request, long sequence)
{
    private readonly TaskCompletionSource<UpdateResolution> _resolution = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id => Request.Meta.UpdateId;

    public Request Request { get; } = request;

    /// <summary>Admission order: updates go to the worker in the order they were admitted.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>Sent on a workflow task (it is sent again on every later attempt until the worker answers).</summary>
    public bool Sent { get; set; }

    /// <summary>Completes when the update leaves the registry; callers wait on it without the run's lock.</summary>
    public Task<UpdateResolution> Resolution => _resolution.Task;

    internal bool TryResolve(UpdateResolution resolution) => _resolution.TrySetResult(resolution);
}
