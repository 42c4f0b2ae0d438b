namespace Fencepost.Engine.History.CrossShard;

/// <summary>Every shard is in this process: each call is applied by the local history engine.</summary>
internal sealed class LocalCrossShardCalls(HistoryEngine history) : ICrossShardCalls
{
    public Task<ChildStartResult> StartChildAsync(ChildStartRequest request, CancellationToken cancellationToken) =>
        history.StartChildRunAsync(request, cancellationToken);

    public Task<bool> RecordChildClosedAsync(ChildClosedNotice notice, CancellationToken cancellationToken) =>
        history.RecordChildClosedAsync(notice, cancellationToken);

    public Task<ExternalSignalResult> SignalExternalAsync(ExternalSignalRequest request, CancellationToken cancellationToken) =>
        history.DeliverExternalSignalAsync(request, cancellationToken);

    public Task<bool> RequestCancelExternalAsync(ExternalCancelRequest request, CancellationToken cancellationToken) =>
        history.DeliverExternalCancelAsync(request, cancellationToken);

    public Task<bool> ApplyParentClosePolicyAsync(ParentCloseRequest request, CancellationToken cancellationToken) =>
        history.ApplyParentClosePolicyAsync(request, cancellationToken);

    public Task<ScheduledStartResult> StartScheduledAsync(ScheduledStartRequest request, CancellationToken cancellationToken) =>
        history.StartScheduledRunAsync(request, cancellationToken);

    public Task<bool> StopScheduledRunAsync(ScheduledStopRequest request, CancellationToken cancellationToken) =>
        history.StopScheduledRunAsync(request, cancellationToken);

    public Task<bool> RecordScheduledRunClosedAsync(ScheduledRunClosedNotice notice, CancellationToken cancellationToken) =>
        history.RecordScheduledRunClosedAsync(notice, cancellationToken);
}
