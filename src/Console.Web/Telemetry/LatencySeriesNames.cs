namespace Fencepost.ConsoleWeb.Telemetry;

/// <summary>
/// The latency series the console records and charts. One family per prefix, so a page lists every
/// persistence operation or RPC method that has been seen without a fixed list.
/// </summary>
public static class LatencySeriesNames
{
    public const string WorkflowEndToEnd = "workflow.end_to_end";

    /// <summary>Every persistence transaction, whatever its operation: the health verdict's p99.</summary>
    public const string PersistenceAll = "persistence.(all)";

    public const string PersistencePrefix = "persistence.";

    public const string RpcPrefix = "rpc.";

    public const string ScheduleToStartPrefix = "schedule_to_start.";

    public static string Persistence(string operation) => PersistencePrefix + operation;

    public static string Rpc(string method) => RpcPrefix + method;

    public static string ScheduleToStart(string taskType) => ScheduleToStartPrefix + taskType;
}
