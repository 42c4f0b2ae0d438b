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
}
