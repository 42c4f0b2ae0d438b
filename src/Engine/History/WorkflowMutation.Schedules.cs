using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;

namespace Fencepost.Engine.History;

internal sealed partial class WorkflowMutation
{
    /// <summary>A scheduler's transfer task: a start (by its request id) or a stop (by the workflow id of the run, and how).</summary>
    public void AddScheduleTask(ShardTaskKind kind, string reference, int attempt = 0)
    {
        var data = TaskData(kind, 0, attempt, "");
        data.Reference = reference;
        Tasks.Add(new NewShardTask(ShardTaskCategory.Transfer, DateTimeOffset.MinValue, data));
    }
}
