namespace Fencepost.ConsoleWeb.Data.Overview;

/// <summary>The instruments (engine, persistence, pool meters) the overview reads its signals from.</summary>
internal static class ProgressInstruments
{
    public const string WorkflowEndToEnd = "fencepost.workflow.end_to_end.duration";
    public const string Rpc = "rpc.server.duration";
    public const string RpcMethodTag = "rpc.method";
    public const string StartMethod = "StartWorkflowExecution";
    public const string Transaction = "dsql_tx_latency";
    public const string OperationTag = "operation";
    public const string ShardWrite = "ShardWrite";
    public const string OutcomeTag = "outcome";
    public const string Conflicts = "dsql_tx_conflict_total";
    public const string Exhausted = "dsql_tx_exhausted_total";
    public const string PoolWaits = "dsql_pool_wait_total";
}
