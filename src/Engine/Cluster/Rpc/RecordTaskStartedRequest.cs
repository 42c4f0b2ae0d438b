using Fencepost.Engine.Matching;

namespace Fencepost.Engine.Cluster.Rpc;

/// <summary>Matching to history: a poller took this task; record it started in the shard the receiving node owns.</summary>
internal sealed record RecordTaskStartedRequest(int TaskType, MatchingTaskData Data, string PollRequestId, string Identity);
