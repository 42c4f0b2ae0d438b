using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.Engine.History;

/// <summary>
/// How large one run may grow: Temporal's key names and defaults, read per namespace. A run over
/// an error limit is refused or terminated the way Temporal does it (docs/limits.md).
/// </summary>
public static class RunLimitKeys
{
    private const DynamicConfigScope PerNamespace = DynamicConfigScope.Global | DynamicConfigScope.Namespace;

    public static readonly DynamicConfigKey<int> HistoryCountWarn = new(
        "limit.historyCount.warn", 10_240,
        "Events in one run's history past which the server logs a warning.",
        Positive, PerNamespace);

    public static readonly DynamicConfigKey<int> HistoryCountError = new(
        "limit.historyCount.error", 51_200,
        "Events in one run's history past which a change to the open run is refused and the run is terminated (\"Workflow history count exceeds limit.\").",
        Positive, PerNamespace);

    public static readonly DynamicConfigKey<long> HistorySizeWarn = new(
        "limit.historySize.warn", 10L * 1024 * 1024,
        "Bytes of one run's history past which the server logs a warning.",
        PositiveLong, PerNamespace);

    public static readonly DynamicConfigKey<long> HistorySizeError = new(
        "limit.historySize.error", 50L * 1024 * 1024,
        "Bytes of one run's history past which a change to the open run is refused and the run is terminated (\"Workflow history size exceeds limit.\").",
        PositiveLong, PerNamespace);

    public static readonly DynamicConfigKey<int> NumPendingActivitiesError = new(
        "limit.numPendingActivities.error", 2_000,
        "Pending activities one run may have; a workflow task scheduling more fails with PENDING_ACTIVITIES_LIMIT_EXCEEDED.",
        Positive, PerNamespace);

    public static readonly DynamicConfigKey<int> NumPendingChildExecutionsError = new(
        "limit.numPendingChildExecutions.error", 2_000,
        "Pending child workflows one run may have; a workflow task starting more fails with PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED.",
        Positive, PerNamespace);

    public static readonly DynamicConfigKey<int> NumPendingSignalsError = new(
        "limit.numPendingSignals.error", 2_000,
        "Pending outgoing signals one run may have; a workflow task signalling more fails with PENDING_SIGNALS_LIMIT_EXCEEDED.",
        Positive, PerNamespace);

    public static readonly DynamicConfigKey<int> NumPendingCancelRequestsError = new(
        "limit.numPendingCancelRequests.error", 2_000,
        "Pending outgoing cancel requests one run may have; a workflow task requesting more fails with PENDING_REQUEST_CANCEL_LIMIT_EXCEEDED.",
        Positive, PerNamespace);

    public static readonly DynamicConfigKey<int> MaximumSignalsPerExecution = new(
        "history.maximumSignalsPerExecution", 10_000,
        "Signals one run may receive; further signals are refused (INVALID_ARGUMENT \"exceeded workflow execution limit for signal events\").",
        Positive, PerNamespace);

    private static string? Positive(int value) => value > 0 ? null : "must be positive";

    private static string? PositiveLong(long value) => value > 0 ? null : "must be positive";
}
