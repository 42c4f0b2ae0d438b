using Fencepost.Engine.Persistence.Embedded.Mvcc;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Embedded;

/// <summary>
/// What each stored row costs against DSQL's byte limits: its variable-length columns plus a fixed
/// allowance for keys and scalar columns. Used both by the emulator's commit-time enforcement and by
/// the stores' up-front checks, so the two always agree.
/// </summary>
internal static class RowSizes
{
    /// <summary>Keys, numbers and timestamps of a row, roughly as PostgreSQL stores them.</summary>
    public const int FixedBytes = 64;

    public static RowSize Of(ShardInfo row) => Sized("data", row.Data.Length, row.Owner.Length);

    public static RowSize Of(WorkflowExecutionRecord row) => Sized("data", row.Data.Length, row.WorkflowId.Length);

    public static RowSize Of(CurrentExecutionRecord row) => Sized("create_request_id", row.CreateRequestId.Length, row.WorkflowId.Length);

    public static RowSize Of(HistoryNode row) => Sized("data", row.Data.Length, 0);

    public static RowSize Of(ShardTaskRecord row) => Sized("data", row.Data.Length, 0);

    public static RowSize Of(TaskQueueLease row) => Sized("data", row.Data.Length, row.Key.Name.Length);

    public static RowSize Of(MatchingTaskRecord row) => Sized("data", row.Data.Length, 0);

    public static RowSize Of(MembershipRecord row) => Sized("rpc_address", row.RpcAddress.Length, row.HostId.Length + row.Role.Length);

    public static RowSize Of(SigningKeyRecord row) => Sized("secret", row.Secret.Length, row.Purpose.Length);

    public static RowSize Of(ClusterMetadata row) => Sized("data", row.Data.Length, row.ClusterName.Length);

    public static RowSize Of(NamespaceRecord row) => Sized("data", row.Data.Length, row.Name.Length);

    public static RowSize Of(DynamicConfigEntry row) =>
        Sized("value_json", row.ValueJson.Length, row.Key.Length + row.Scope.Length + row.ScopeValue.Length + row.UpdatedBy.Length + row.Reason.Length);

    public static RowSize Of(DynamicConfigAuditRecord row)
    {
        var oldBytes = row.OldValueJson?.Length ?? 0;
        var newBytes = row.NewValueJson?.Length ?? 0;
        var largest = Math.Max(oldBytes, newBytes);
        return new RowSize(FixedBytes + oldBytes + newBytes + row.Key.Length + row.Reason.Length + row.ChangedBy.Length,
            oldBytes >= newBytes ? "old_value_json" : "new_value_json", largest);
    }

    public static RowSize Of(VisibilityRecord row)
    {
        var memo = row.Memo?.Length ?? 0;
        var attributes = row.SearchAttributes?.Length ?? 0;
        return new RowSize(FixedBytes + memo + attributes + row.WorkflowId.Length + row.WorkflowType.Length + row.TaskQueue.Length,
            memo >= attributes ? "memo" : "search_attributes", Math.Max(memo, attributes));
    }

    public static RowSize Of(string value) => Sized("value", value.Length, 0);

    private static RowSize Sized(string column, long columnBytes, long otherBytes) =>
        new(FixedBytes + columnBytes + otherBytes, column, columnBytes);
}
