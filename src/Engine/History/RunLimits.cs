using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.Engine.History;

/// <summary>The pending-work limits a workflow task's commands are checked against (<see cref="RunLimitKeys"/>).</summary>
internal sealed record RunLimits(int PendingActivities, int PendingChildren, int PendingSignals, int PendingCancelRequests)
{
    public static RunLimits For(IDynamicConfig config, string namespaceName) => new(
        config.Get(RunLimitKeys.NumPendingActivitiesError, namespaceName),
        config.Get(RunLimitKeys.NumPendingChildExecutionsError, namespaceName),
        config.Get(RunLimitKeys.NumPendingSignalsError, namespaceName),
        config.Get(RunLimitKeys.NumPendingCancelRequestsError, namespaceName));
}
