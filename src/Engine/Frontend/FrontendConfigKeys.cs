using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.Engine.Frontend;

/// <summary>Frontend dynamic config (Temporal's key names and defaults).</summary>
public static class FrontendConfigKeys
{
    /// <summary>Temporal's default: a request for more (or for no particular size) gets this many events per page.</summary>
    public static readonly DynamicConfigKey<int> HistoryMaxPageSize = new(
        "frontend.historyMaxPageSize", 256,
        "The most events one GetWorkflowExecutionHistory page holds; a request for more, or for no particular size, gets this many.",
        value => value > 0 ? null : "must be positive",
        DynamicConfigScope.Global | DynamicConfigScope.Namespace);

    /// <summary>Temporal's default; a ListWorkflowExecutions page asking for more gets this many.</summary>
    public static readonly DynamicConfigKey<int> VisibilityMaxPageSize = new(
        "frontend.visibilityMaxPageSize", 1_000,
        "The most runs one ListWorkflowExecutions page holds; a request for more gets this many.",
        value => value > 0 ? null : "must be positive",
        DynamicConfigScope.Global | DynamicConfigScope.Namespace);
}
