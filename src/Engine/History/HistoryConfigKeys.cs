using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.Engine.History;

/// <summary>History's dynamic config (Temporal's key names).</summary>
public static class HistoryConfigKeys
{
    /// <summary>
    /// On by default, unlike Temporal's server: an SDK asks for eager execution only when its worker
    /// polls the activity's task queue and has a free slot, and each eager activity saves a poll, a
    /// matching dispatch and one shard write.
    /// </summary>
    public static readonly DynamicConfigKey<bool> EnableActivityEagerExecution = new(
        "system.enableActivityEagerExecution", true,
        "Hand an activity the worker asked to run eagerly back in its workflow task completion, started, instead of dispatching it through matching.",
        scopes: DynamicConfigScope.Global | DynamicConfigScope.Namespace);

    /// <summary>
    /// On by default, as in Temporal's server and for the same reason as eager activities: an SDK
    /// asks for an eager start only when a worker sharing the starting client polls the workflow's
    /// task queue and has reserved a free slot, and each eager start saves a shard write, a matching
    /// hand-off and a poll round trip.
    /// </summary>
    public static readonly DynamicConfigKey<bool> EnableEagerWorkflowStart = new(
        "system.enableEagerWorkflowStart", true,
        "Start the first workflow task in the start's own write and return it in the StartWorkflowExecution response when the client asks for it (its worker has a free slot on the task queue), instead of dispatching it through matching. On by default: the SDK asks only when a local worker can run the task at once.",
        scopes: DynamicConfigScope.Global | DynamicConfigScope.Namespace);

    /// <summary>Temporal's history.maxInFlightUpdates: admitted and accepted updates not yet completed, per run.</summary>
    public static readonly DynamicConfigKey<int> MaxInFlightUpdates = new(
        "history.maxInFlightUpdates", 10,
        "The most updates one workflow run may have in flight (admitted or accepted, not yet completed). More answer RESOURCE_EXHAUSTED, which the SDK retries. 0 turns the limit off.",
        value => value >= 0 ? null : "Must be 0 (no limit) or more.",
        DynamicConfigScope.Global | DynamicConfigScope.Namespace);

    /// <summary>Temporal's history.maxTotalUpdates: every update a run accepted, completed or has in flight (rejections do not count).</summary>
    public static readonly DynamicConfigKey<int> MaxTotalUpdates = new(
        "history.maxTotalUpdates", 2000,
        "The most updates one workflow run may receive in all (rejected ones do not count). More answer FAILED_PRECONDITION; the workflow should continue-as-new. 0 turns the limit off.",
        value => value >= 0 ? null : "Must be 0 (no limit) or more.",
        DynamicConfigScope.Global | DynamicConfigScope.Namespace);
}
