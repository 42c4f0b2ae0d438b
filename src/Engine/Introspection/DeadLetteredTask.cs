using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;

namespace Fencepost.Engine.Introspection;

/// <summary>A transfer or timer task that kept failing and was removed from its shard's queue.</summary>
public sealed record DeadLetteredTask(
    int ShardId,
    ShardTaskCategory Category,
    long TaskId,
    ShardTaskKind Kind,
    Guid NamespaceId,
    string WorkflowId,
    Guid RunId,
    int Attempts,
    string LastError,
    DateTimeOffset DeadLetteredAt);
